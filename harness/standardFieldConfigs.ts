/**
 * The standard field options Grafana registers at boot (public/app/core/components/OptionsUI/registry.tsx):
 * same ids, paths and override processors, with placeholder editors. A panel's useFieldConfig() picks
 * from this registry, so without it the harness (and unit tests) would see an empty field config.
 */
import {
  displayNameOverrideProcessor,
  FieldConfigProperty,
  FieldConfigPropertyItem,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const editor = () => null;
const always = () => true;

function item(id: FieldConfigProperty, process: FieldConfigPropertyItem['process'], extra: Partial<FieldConfigPropertyItem> = {}): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor, override: editor, process, shouldApply: always, category: ['Standard options'], ...extra };
}

/** Grafana's standard field config items, in the order its editor lists them. */
export function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    item(FieldConfigProperty.Unit, stringOverrideProcessor),
    item(FieldConfigProperty.Min, numberOverrideProcessor),
    item(FieldConfigProperty.Max, numberOverrideProcessor),
    item(FieldConfigProperty.FieldMinMax, identityOverrideProcessor),
    item(FieldConfigProperty.Decimals, numberOverrideProcessor),
    item(FieldConfigProperty.DisplayName, displayNameOverrideProcessor),
    item(FieldConfigProperty.Color, identityOverrideProcessor),
    item(FieldConfigProperty.NoValue, stringOverrideProcessor),
    item(FieldConfigProperty.Links, identityOverrideProcessor, { category: ['Data links'] }),
    item(FieldConfigProperty.Actions, identityOverrideProcessor, { category: ['Actions'] }),
    item(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, { category: ['Value mappings'], defaultValue: [] }),
    item(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, {
      category: ['Thresholds'],
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
    item(FieldConfigProperty.Filterable, identityOverrideProcessor),
  ];
}

/** Fills Grafana's standard field config registry, as Grafana does at boot (once). */
export function registerStandardFieldConfigs(): void {
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}

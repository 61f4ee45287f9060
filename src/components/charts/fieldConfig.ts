import { FieldColorModeId, FieldConfigProperty, SetFieldConfigOptionsArgs } from '@grafana/data';

/**
 * The standard field options both panels offer in Grafana's editor, as the time series panel does:
 * unit, decimals, min, max, display name, colour and value mappings (all honoured through the
 * field's display processor and the y axis). Options the panels do not draw are not offered:
 * thresholds, data links, actions, "no value" and the gauge-only field min/max.
 */
export const PANEL_FIELD_CONFIG: SetFieldConfigOptionsArgs = {
  standardOptions: {
    [FieldConfigProperty.Color]: {
      // By series only: the panels colour whole series, not points by value.
      settings: { byValueSupport: false, bySeriesSupport: true },
      defaultValue: { mode: FieldColorModeId.PaletteClassic },
    },
  },
  disableStandardOptions: [
    FieldConfigProperty.Thresholds,
    FieldConfigProperty.Links,
    FieldConfigProperty.Actions,
    FieldConfigProperty.NoValue,
    FieldConfigProperty.FieldMinMax,
    FieldConfigProperty.Filterable,
  ],
};

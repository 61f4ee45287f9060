import React, { useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, IconButton, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { LoadedResult, parseResult } from '../../../ebpf';

interface Props {
  loaded: LoadedResult[];
  onAdd: (r: LoadedResult) => void;
  onRemove: (name: string) => void;
}

/** Reads a result file's text, or explains why it is not one. */
export function readResult(name: string, text: string): LoadedResult {
  try {
    return { name, result: parseResult(text) };
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/** Fetches a result file from a URL (the server must allow cross-origin reads). */
export async function fetchResult(url: string, fetchImpl: typeof fetch = fetch): Promise<LoadedResult> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (e) {
    throw new Error(`${url}: ${(e as Error).message} (is the URL reachable and does it allow cross-origin requests?)`);
  }
  if (!res.ok) {
    throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  }
  return readResult(url, await res.text());
}

/** Import of harness result files (`bellwether ebpf-bench` JSON) by file or URL, and the loaded list. */
export function ImportResults({ loaded, onAdd, onRemove }: Props) {
  const s = useStyles2(getStyles);
  const input = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const onFiles = async (files: FileList | null) => {
    const problems: string[] = [];
    for (const f of Array.from(files ?? [])) {
      try {
        onAdd(readResult(f.name, await f.text()));
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    setErrors(problems);
    if (input.current) {
      input.current.value = '';
    }
  };

  const onUrl = async () => {
    setBusy(true);
    try {
      onAdd(await fetchResult(url.trim()));
      setErrors([]);
      setUrl('');
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          multiple
          className={s.hidden}
          data-testid="bw-ebpf-import-file"
          onChange={(e) => onFiles(e.currentTarget.files)}
        />
        <Button icon="upload" variant="secondary" onClick={() => input.current?.click()}>
          Import result files
        </Button>
        <Text color="secondary">or</Text>
        <Input
          width={50}
          placeholder="https://…/beyla-500rps.json"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-testid="bw-ebpf-import-url"
          aria-label="Result file URL"
        />
        <Button variant="secondary" icon="cloud-download" disabled={!url.trim() || busy} onClick={onUrl} data-testid="bw-ebpf-import-url-load">
          Load URL
        </Button>
      </Stack>
      {errors.length > 0 && (
        <Alert severity="error" title="Could not import" data-testid="bw-ebpf-import-errors">
          {errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </Alert>
      )}
      {loaded.length > 0 && (
        <table className={s.table} data-testid="bw-ebpf-loaded">
          <tbody>
            {loaded.map((l) => {
              const r = l.result;
              const rates = [...new Set(r.runs.map((x) => x.rateRps))].join(', ');
              return (
                <tr key={l.name}>
                  <td className={s.strong}>{r.agent.kind === 'none' ? `${r.agent.name} (baseline)` : r.agent.name}</td>
                  <td>{l.name}</td>
                  <td>
                    {r.runs.length} runs at {rates} req/s
                  </td>
                  <td>
                    {r.meta.host.hostname}, {r.meta.host.cpus} CPUs, kernel {r.meta.host.kernel}
                  </td>
                  <td>{r.meta.createdAt}</td>
                  <td>
                    <IconButton name="trash-alt" tooltip={`Remove ${l.name}`} onClick={() => onRemove(l.name)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  hidden: css`
    display: none;
  `,
  table: css`
    border-collapse: collapse;
    font-size: ${theme.typography.bodySmall.fontSize};
    td {
      padding: ${theme.spacing(0.25, 1)};
      border-bottom: 1px solid ${theme.colors.border.weak};
    }
  `,
  strong: css`
    font-weight: ${theme.typography.fontWeightMedium};
  `,
});

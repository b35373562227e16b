// What the file pickers offer: captures and the raw logs the engine converts on load (Kubernetes audit
// and CloudTrail, as .json / .jsonl, optionally gzipped). The engine decides by content, not by name;
// this list only decides what the OS dialog shows.
export const OPEN_ACCEPT = [
  '.scap', '.gz', '.scap.gz', '.json', '.jsonl', '.ndjson', '.json.gz', '.jsonl.gz', '.log',
  'application/json', 'application/x-ndjson', 'application/gzip', 'application/octet-stream',
].join(',');

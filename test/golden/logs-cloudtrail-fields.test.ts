// CloudTrail fields on records varied from the real sample, covering the plugin's special cases: user
// names by identity type (IAMUser, Root, AssumedRole with and without a session issuer, AWSService,
// FederatedUser), the original user from an assumed role's ARN, S3 objects (bucket, key, URI, byte
// counts including a float), EC2 image ids and instance names from tags, and request fields. Values
// are checked against the plugin's documented rules; ranges must slice out the JSON text they name.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { Capture } from '../../engine/capture.ts';
import { nodeEngine } from '../../engine/node/capture-file.ts';

type Obj = Record<string, any>;
const alice = JSON.parse(readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8')).Records[0] as Obj;
const vary = (patch: Obj): Obj => ({ ...structuredClone(alice), ...patch });
const assumed = {
  type: 'AssumedRole', principalId: 'AROAEXAMPLE:bob-session', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/bob-session',
  accountId: '123456789012', sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin' } },
};
const records: Obj[] = [
  alice,
  vary({ userIdentity: assumed }),
  vary({ userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:carol', arn: 'arn:aws:sts::1:assumed-role/x' } }),
  vary({ userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, sourceIPAddress: 'ec2.amazonaws.com' }),
  vary({ userIdentity: { type: 'FederatedUser', principalId: 'p' } }),
  vary({ userIdentity: { type: 'Root', userName: 'root-user' }, recipientAccountId: '999' }),
  vary({
    eventName: 'GetObject', eventSource: 's3.amazonaws.com', readOnly: true, managementEvent: false,
    requestParameters: { bucketName: 'my-bucket', key: 'path/to/obj.txt', Host: 'my-bucket.s3.amazonaws.com' },
    additionalEventData: { bytesTransferredIn: 0, bytesTransferredOut: 33.0 },
  }),
  vary({
    eventName: 'RunInstances', readOnly: false,
    requestParameters: { tagSpecificationSet: { items: [{ resourceType: 'volume', tags: [{ key: 'Name', value: 'vol' }] }, { resourceType: 'instance', tags: [{ key: 'env', value: 'x' }, { key: 'Name', value: 'web-1' }] }] } },
    responseElements: { instancesSet: { items: [{ instanceId: 'i-1', imageId: 'ami-111' }, { instanceId: 'i-2', imageId: 'ami-222' }] } },
  }),
  vary({ eventName: 'CreateRepository', eventSource: 'ecr.amazonaws.com', requestParameters: { repositoryName: 'repo', imageTag: 'v1', roleName: 'r', policyName: 'p', userName: 'u', functionName: 'f' },
    errorCode: 'AccessDenied', errorMessage: 'User: x is not authorized' }),
];

let cap: Capture;
let raw: Uint8Array;
beforeAll(async () => {
  const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
  cap = await Capture.load(await nodeEngine(), (async function* () { yield bytes; })());
  raw = cap.rawBytes(0, cap.index.rawLength);
});

const texts = (f: string, i: number, a?: number) => cap.extractValues(f, i, a).map((v) => v.text);
const dec = new TextDecoder();

describe('cloudtrail fields', () => {
  it('ct.user / ct.originaluser by identity type', () => {
    expect(records.map((_, i) => texts('ct.user', i))).toEqual([['Alice'], ['Admin'], ['AssumedRole'], ['ec2.amazonaws.com'], ['FederatedUser'], ['root-user'], ['Alice'], ['Alice'], ['Alice']]);
    expect(records.map((_, i) => texts('ct.originaluser', i))).toEqual([['Alice'], ['bob-session'], ['carol'], [], [], ['root-user'], ['Alice'], ['Alice'], ['Alice']]);
    // The session name's range is exactly its characters inside the ARN.
    const v = cap.extractValues('ct.originaluser', 1)[0];
    expect(dec.decode(raw.subarray(v.range!.start, v.range!.start + v.range!.length))).toBe('bob-session');
    expect(texts('ct.user.accountid', 5)).toEqual(['999']);
    expect(texts('ct.info', 3)).toEqual(['ec2.amazonaws.com ← StartInstances']);
  });

  it('S3 object fields, byte counts (a float too), read-only and management flags, info', () => {
    expect(texts('s3.bucket', 6)).toEqual(['my-bucket']);
    expect(texts('s3.key', 6)).toEqual(['path/to/obj.txt']);
    expect(texts('s3.uri', 6)).toEqual(['s3://my-bucket/path/to/obj.txt']);
    expect(texts('s3.bytes', 6)).toEqual(['33']);
    expect(texts('s3.bytes.in', 6)).toEqual(['0']);
    expect(texts('s3.bytes.out', 6)).toEqual(['33']);
    expect(texts('s3.cnt.get', 6)).toEqual(['1']);
    expect(texts('s3.cnt.put', 6)).toEqual([]);
    expect(texts('s3.cnt.other', 6)).toEqual([]);
    expect(texts('ct.readonly', 6)).toEqual(['true']);
    expect(texts('ct.managementevent', 6)).toEqual(['false']);
    expect(texts('ct.request.host', 6)).toEqual(['my-bucket.s3.amazonaws.com']);
    expect(texts('ct.info', 6)).toEqual(['Alice via 205.251.233.176 ← GetObject Size=33 URI=s3://my-bucket/path/to/obj.txt']);
  });

  it('EC2 image ids (all, by index) and the instance name from tags', () => {
    expect(texts('ec2.imageids', 7)).toEqual(['ami-111', 'ami-222']);
    expect(texts('ec2.imageids', 7, 1)).toEqual(['ami-222']);
    expect(texts('ec2.imageids', 7, 5)).toEqual([]);
    expect(texts('ec2.imageid', 7)).toEqual(['ami-111']);
    expect(texts('ec2.name', 7)).toEqual(['web-1']);
    expect(texts('ct.readonly', 7)).toEqual(['false']);
    expect(texts('ct.info', 7)).toEqual(['Alice via 205.251.233.176 → RunInstances']);
  });

  it('errors and request parameters', () => {
    expect(texts('ct.error', 8)).toEqual(['AccessDenied']);
    expect(texts('ct.errormessage', 8)).toEqual(['User: x is not authorized']);
    expect(texts('ct.info', 8)).toEqual(['Alice via 205.251.233.176 !← CreateRepository']);
    const req: [string, string][] = [['ecr.repository', 'repo'], ['ecr.imagetag', 'v1'], ['iam.role', 'r'], ['iam.policy', 'p'],
      ['ct.request.username', 'u'], ['ct.request.functionname', 'f']];
    for (const [f, v] of req) {
      expect(texts(f, 8), f).toEqual([v]);
      const x = cap.extractValues(f, 8)[0];
      expect(JSON.parse(dec.decode(raw.subarray(x.range!.start, x.range!.start + x.range!.length)))).toBe(v);
    }
    expect(texts('ct.shortsrc', 8)).toEqual(['ecr']);
  });
});

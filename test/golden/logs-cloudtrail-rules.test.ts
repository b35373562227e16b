// The official aws_cloudtrail rules on CloudTrail records. The real sample (Alice starting an instance)
// is varied into the records the rules are about (RunInstances, console logins with and without MFA,
// root and assumed-role identities, StopLogging, ECS, failures with errorCode), the rules file is
// loaded unchanged, and the alerts of the rules engine and of `scapula detect` on the raw file must
// equal what the rule conditions, restated as predicates over the parsed records, say.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureFile } from '../../engine/node/capture-file.ts';
import { loadRules } from '../../engine/rules/loader.ts';
import { readRulesPaths } from '../../engine/node/rules/files.ts';
import { buildRuleset } from '../../engine/rules/ruleset.ts';
import { detectOnCapture } from '../../engine/rules/capture-run.ts';

const RULES = 'samples/rules/aws_cloudtrail_rules.yaml';
type Obj = Record<string, any>;
const alice = JSON.parse(readFileSync('samples/cloudtrail_alice_start_instances.json', 'utf8')).Records[0] as Obj;
const vary = (patch: Obj): Obj => ({ ...structuredClone(alice), ...patch });
const root = { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' };
const assumed = {
  type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice', accountId: '123456789012',
  sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin' } },
};
const login = { eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', responseElements: { ConsoleLogin: 'Success' } };

const records: Obj[] = [
  alice,
  vary({ eventName: 'RunInstances' }),
  vary({ eventName: 'RunInstances', errorCode: 'Client.UnauthorizedOperation', errorMessage: 'not allowed' }),
  vary({ ...login, additionalEventData: { MFAUsed: 'No' } }),
  vary({ ...login, additionalEventData: { MFAUsed: 'Yes' } }),
  vary({ ...login, userIdentity: root, additionalEventData: { MFAUsed: 'No' } }),
  vary({ ...login, userIdentity: assumed }),
  vary({ ...login, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication', additionalEventData: { MFAUsed: 'No' } }),
  vary({ eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' }),
  vary({ eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', errorCode: 'EntityAlreadyExists' }),
  vary({ eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' }),
  vary({ eventName: 'DeactivateMFADevice', eventSource: 'iam.amazonaws.com', userIdentity: root, requestParameters: { userName: 'AWS ROOT USER' } }),
  vary({ eventName: 'CreateService', eventSource: 'ecs.amazonaws.com' }),
  vary({ eventName: 'RunTask', eventSource: 'ecs.amazonaws.com' }),
  vary({ eventName: 'DeleteBucketEncryption', eventSource: 's3.amazonaws.com', requestParameters: { bucketName: 'b' } }),
  vary({ eventName: 'PutBucketPublicAccessBlock', eventSource: 's3.amazonaws.com', requestParameters: {
    bucketName: 'b', publicAccessBlock: '',
    PublicAccessBlockConfiguration: { RestrictPublicBuckets: false, BlockPublicPolicy: true, BlockPublicAcls: true, IgnorePublicAcls: true },
  } }),
  vary({ eventName: 'PutBucketPublicAccessBlock', eventSource: 's3.amazonaws.com', requestParameters: {
    bucketName: 'b', publicAccessBlock: '',
    PublicAccessBlockConfiguration: { RestrictPublicBuckets: true, BlockPublicPolicy: true, BlockPublicAcls: true, IgnorePublicAcls: true },
  } }),
];

/** The rule conditions as predicates (`not ct.error exists`: no errorCode member). */
const noError = (r: Obj) => !('errorCode' in r);
const mfa = (r: Obj) => r.additionalEventData?.MFAUsed;
const predicates: [string, (r: Obj) => boolean][] = [
  ['Console Login Through Assume Role', (r) => r.eventName === 'ConsoleLogin' && noError(r) && r.userIdentity?.type === 'AssumedRole' && r.responseElements?.ConsoleLogin === 'Success'],
  ['Console Login Without MFA', (r) => r.eventName === 'ConsoleLogin' && noError(r) && r.userIdentity?.type !== undefined && r.userIdentity.type !== 'AssumedRole'
    && r.responseElements?.ConsoleLogin === 'Success' && mfa(r) === 'No'],
  ['Console Root Login Without MFA', (r) => r.eventName === 'ConsoleLogin' && noError(r) && mfa(r) === 'No' && r.userIdentity?.type === 'Root'
    && r.responseElements?.ConsoleLogin === 'Success'],
  ['Deactivate MFA for Root User', (r) => r.eventName === 'DeactivateMFADevice' && noError(r) && r.userIdentity?.type === 'Root' && r.requestParameters?.userName === 'AWS ROOT USER'],
  ['Create AWS user', (r) => r.eventName === 'CreateUser' && noError(r)],
  ['Create Group', (r) => r.eventName === 'CreateGroup' && noError(r)],
  ['Delete Group', (r) => r.eventName === 'DeleteGroup' && noError(r)],
  ['ECS Service Created', (r) => r.eventSource === 'ecs.amazonaws.com' && r.eventName === 'CreateService' && noError(r)],
  ['ECS Task Run or Started', (r) => r.eventSource === 'ecs.amazonaws.com' && ['RunTask', 'StartTask'].includes(r.eventName) && noError(r)],
  ['Create Lambda Function', (r) => r.eventName === 'CreateFunction20150331' && noError(r)],
  ['Update Lambda Function Code', (r) => r.eventName === 'UpdateFunctionCode20150331v2' && noError(r)],
  ['Update Lambda Function Configuration', (r) => r.eventName === 'UpdateFunctionConfiguration20150331v2' && noError(r)],
  ['Run Instances', (r) => r.eventName === 'RunInstances' && noError(r)],
  ['Run Instances in Non-approved Region', (r) => r.eventName === 'RunInstances' && noError(r) && r.awsRegion !== 'us-east-0'],
  ['Delete Bucket Encryption', (r) => r.eventName === 'DeleteBucketEncryption' && noError(r)],
  ['Delete Bucket Public Access Block', (r) => {
    const c = r.requestParameters?.PublicAccessBlockConfiguration ?? {};
    return r.eventName === 'PutBucketPublicAccessBlock' && noError(r) && r.requestParameters?.publicAccessBlock === ''
      && ['RestrictPublicBuckets', 'BlockPublicPolicy', 'BlockPublicAcls', 'IgnorePublicAcls'].some((k) => c[k] === false);
  }],
  ['Put Bucket ACL', (r) => r.eventName === 'PutBucketAcl' && noError(r)],
  ['Put Bucket Policy', (r) => r.eventName === 'PutBucketPolicy' && noError(r)],
  ['CloudTrail Trail Created', (r) => r.eventName === 'CreateTrail' && noError(r)],
  ['CloudTrail Logging Disabled', (r) => r.eventName === 'StopLogging' && noError(r)],
];

const expected = records.map((r) => predicates.filter(([, p]) => p(r)).map(([n]) => n).sort());
let file = '';

beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'scapula-ct-rules-')), 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: records }, null, 2));
});

describe('official aws_cloudtrail rules on CloudTrail records', () => {
  it('the rules engine fires exactly what the conditions say, record by record', async () => {
    const loaded = loadRules(readRulesPaths([RULES]));
    expect(loaded.ok).toBe(true);
    const ruleset = buildRuleset(loaded.compiled!.rules, {}, 'aws_cloudtrail');
    // Two rules ship disabled (All Cloudtrail Events, List Buckets).
    expect(ruleset.rules.map((r) => r.name).sort()).toEqual(predicates.map(([n]) => n).sort());
    const cap = await openCaptureFile(file);
    expect(cap.eventCount).toBe(records.length);
    const res = detectOnCapture(cap, ruleset, { matching: 'all' });
    const got: string[][] = records.map(() => []);
    for (const a of res.alerts) got[a.event].push(a.rule);
    expect(got.map((g) => g.sort())).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThanOrEqual(12);
  });

  it('scapula detect on the raw CloudTrail file agrees', () => {
    const r = spawnSync('node', ['bin/scapula.mjs', 'detect', file, '-r', RULES, '--all-matches', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).rule as string).sort();
    expect(got).toEqual(expected.flat().sort());
  });
});

// Secrets Manager rotation of the origin-verify header (CloudFront → ALB), inline code, AWS SDK v3 of the
// Lambda runtime. The four steps: createSecret puts a new random value as AWSPENDING; setSecret makes the
// ALB's rules accept [AWSCURRENT, AWSPENDING], then points CloudFront's origin header at AWSPENDING;
// testSecret checks both took it; finishSecret makes AWSPENDING current. The rules keep the previous value
// until the next rotation, so edges still sending it while CloudFront deploys are not refused.
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports, no-console */
const crypto = require('node:crypto');
const { finishRotation, secretVersions } = require('../inline-function/secret-versions.cjs');

const newValue = () => crypto.randomBytes(36).toString('base64url');

/** Distributions of this environment: their comment starts with the prefix, one origin sends the header. */
const ours = (config, prefix, header) =>
  String(config.Comment || '').startsWith(`${prefix}:`) &&
  (config.Origins.Items || []).some((o) =>
    ((o.CustomHeaders && o.CustomHeaders.Items) || []).some((h) => h.HeaderName.toLowerCase() === header),
  );

/**
 * deps: secrets (secretVersions()), alb { headerRules() -> [{arn, conditions}], setRule(arn, conditions) },
 *   cloudfront { distributions() -> [{id, etag, config}], update(id, etag, config) }.
 */
async function rotate(event, deps, env) {
  const { SecretId: id, ClientRequestToken: token, Step: step } = event;
  const header = env.HEADER_NAME;
  if (step === 'createSecret') {
    if (await deps.secrets.version(id, 'AWSPENDING', token)) return 'pending value exists';
    await deps.secrets.putPending(id, token, JSON.stringify({ value: newValue() }));
    return 'created a pending value';
  }
  const current = await deps.secrets.version(id, 'AWSCURRENT');
  const pending = await deps.secrets.version(id, 'AWSPENDING', token);
  if (step === 'setSecret') {
    const accepted = [JSON.parse(current.value).value, JSON.parse(pending.value).value];
    let rules = 0;
    for (const rule of await deps.alb.headerRules()) {
      const conditions = rule.conditions.map((c) =>
        c.Field === 'http-header' && c.HttpHeaderConfig.HttpHeaderName.toLowerCase() === header
          ? { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: header, Values: accepted } }
          : c,
      );
      await deps.alb.setRule(rule.arn, conditions);
      rules += 1;
    }
    let distributions = 0;
    for (const d of await deps.cloudfront.distributions()) {
      if (!ours(d.config, env.PREFIX, header)) continue;
      for (const origin of d.config.Origins.Items) {
        for (const h of (origin.CustomHeaders && origin.CustomHeaders.Items) || []) {
          if (h.HeaderName.toLowerCase() === header) h.HeaderValue = accepted[1];
        }
      }
      await deps.cloudfront.update(d.id, d.etag, d.config);
      distributions += 1;
    }
    return `rules: ${rules}, distributions: ${distributions}`;
  }
  if (step === 'testSecret') {
    const want = JSON.parse(pending.value).value;
    for (const rule of await deps.alb.headerRules()) {
      const values = rule.conditions.find((c) => c.Field === 'http-header').HttpHeaderConfig.Values;
      if (!values.includes(want)) throw new Error(`rule ${rule.arn} does not accept the pending value`);
    }
    return 'the rules accept the pending value';
  }
  if (step === 'finishSecret') return finishRotation(deps.secrets, id, token, current);
  throw new Error(`unknown step ${step}`);
}

function awsDeps(env) {
  const elb = require('@aws-sdk/client-elastic-load-balancing-v2');
  const cf = require('@aws-sdk/client-cloudfront');
  const lb = new elb.ElasticLoadBalancingV2Client({});
  const front = new cf.CloudFrontClient({});
  return {
    secrets: secretVersions(),
    alb: {
      async headerRules() {
        let balancers;
        try {
          balancers = await lb.send(new elb.DescribeLoadBalancersCommand({ Names: [env.ALB_NAME] }));
        } catch (error) {
          if (error.name === 'LoadBalancerNotFoundException') return [];
          throw error;
        }
        const out = [];
        for (const b of balancers.LoadBalancers) {
          const listeners = await lb.send(
            new elb.DescribeListenersCommand({ LoadBalancerArn: b.LoadBalancerArn }),
          );
          for (const l of listeners.Listeners) {
            const rules = await lb.send(new elb.DescribeRulesCommand({ ListenerArn: l.ListenerArn }));
            for (const r of rules.Rules) {
              const has = (r.Conditions || []).some(
                (c) =>
                  c.Field === 'http-header' &&
                  c.HttpHeaderConfig.HttpHeaderName.toLowerCase() === env.HEADER_NAME,
              );
              if (has) {
                const conditions = r.Conditions.map((c) =>
                  c.Field === 'path-pattern'
                    ? { Field: c.Field, PathPatternConfig: c.PathPatternConfig }
                    : { Field: c.Field, HttpHeaderConfig: c.HttpHeaderConfig },
                );
                out.push({ arn: r.RuleArn, conditions });
              }
            }
          }
        }
        return out;
      },
      setRule: (arn, conditions) =>
        lb.send(new elb.ModifyRuleCommand({ RuleArn: arn, Conditions: conditions })),
    },
    cloudfront: {
      async distributions() {
        const out = [];
        let marker;
        do {
          const page = await front.send(new cf.ListDistributionsCommand({ Marker: marker }));
          for (const s of page.DistributionList.Items || []) {
            if (!String(s.Comment || '').startsWith(`${env.PREFIX}:`)) continue;
            const got = await front.send(new cf.GetDistributionConfigCommand({ Id: s.Id }));
            out.push({ id: s.Id, etag: got.ETag, config: got.DistributionConfig });
          }
          marker = page.DistributionList.IsTruncated ? page.DistributionList.NextMarker : undefined;
        } while (marker);
        return out;
      },
      update: (id, etag, config) =>
        front.send(new cf.UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config })),
    },
  };
}

exports.handler = async (event) => {
  const env = process.env;
  const result = await rotate(event, awsDeps(env), env);
  console.log(JSON.stringify({ step: event.Step, result }));
};
exports.rotate = rotate;

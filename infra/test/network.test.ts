// Network stack: CIDRs, subnets per AZ, NAT per environment, endpoints, flow logs, default SG closed,
// and who may reach whom (S0.4, S1.4, S1.8, S2.6).
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './synth.js';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe.each([
  ['dev', '10.0.0.0/16', 1],
  ['prod', '10.1.0.0/16', 2],
] as const)('%s network', (env, cidr, nats) => {
  const t = () => synth(env).template('network');

  it(`uses ${cidr}`, () => {
    t().hasResourceProperties('AWS::EC2::VPC', {
      CidrBlock: cidr,
      EnableDnsHostnames: true,
      EnableDnsSupport: true,
    });
  });

  it('has a public, an app and a data subnet in each of two AZs', () => {
    const subnets = t().findResources('AWS::EC2::Subnet') as Resources;
    expect(Object.keys(subnets)).toHaveLength(6);
    const byAz = new Map<string, string[]>();
    for (const s of Object.values(subnets)) {
      const az = s.Properties.AvailabilityZone as string;
      const tags = s.Properties.Tags as { Key: string; Value: string }[];
      const name = tags.find((tag) => tag.Key === 'aws-cdk:subnet-name')?.Value ?? '?';
      byAz.set(az, [...(byAz.get(az) ?? []), name].sort());
    }
    expect(Object.fromEntries(byAz)).toEqual({
      'us-east-1a': ['app', 'data', 'public'],
      'us-east-1b': ['app', 'data', 'public'],
    });
    for (const s of Object.values(subnets)) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  it(`has an internet gateway and ${nats} NAT gateway(s)`, () => {
    t().resourceCountIs('AWS::EC2::InternetGateway', 1);
    t().resourceCountIs('AWS::EC2::NatGateway', nats);
  });

  it('routes the data subnets nowhere outside the VPC', () => {
    const routes = t().findResources('AWS::EC2::Route') as Resources;
    const tables = t().findResources('AWS::EC2::SubnetRouteTableAssociation') as Resources;
    const subnets = t().findResources('AWS::EC2::Subnet') as Resources;
    const dataSubnetIds = Object.entries(subnets)
      .filter(([, s]) =>
        (s.Properties.Tags as { Key: string; Value: string }[]).some((x) => x.Value === 'data'),
      )
      .map(([id]) => id);
    const dataTables = Object.values(tables)
      .filter((a) => dataSubnetIds.includes((a.Properties.SubnetId as { Ref: string }).Ref))
      .map((a) => (a.Properties.RouteTableId as { Ref: string }).Ref);
    expect(dataTables).toHaveLength(2);
    const dataRoutes = Object.values(routes).filter((r) =>
      dataTables.includes((r.Properties.RouteTableId as { Ref: string }).Ref),
    );
    expect(dataRoutes).toEqual([]);
  });

  it('logs all traffic to an encrypted log group', () => {
    t().hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    t().hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/healthcare-app-${env}/vpc-flow-logs`,
      KmsKeyId: Match.anyValue(),
    });
  });

  it('closes the default security group', () => {
    t().resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  it('has an S3 gateway endpoint', () => {
    t().hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
  });

  it("opens the ALB on 443 to CloudFront's origin-facing servers only, the services to the ALB only, data stores to the services only", () => {
    const sgs = t().findResources('AWS::EC2::SecurityGroup') as Resources;
    const idOf = (prefix: string) => Object.keys(sgs).find((k) => k.startsWith(prefix)) ?? 'missing';
    const alb = idOf('AlbSg');
    const svc = idOf('ServiceSg');
    expect(sgs[alb]?.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(t().findResources('AWS::EC2::SecurityGroupIngress') as Resources).map(
      (r) => r.Properties,
    );
    const toAlb = ingress.filter((i) => (i.GroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === alb);
    expect(toAlb).toEqual([
      expect.objectContaining({ SourcePrefixListId: 'pl-3b927c52', FromPort: 443, ToPort: 443 }),
    ]);
    const from = (target: string) =>
      ingress
        .filter(
          (i) =>
            (i.GroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === target && !i.SourcePrefixListId,
        )
        .map((i) => [(i.SourceSecurityGroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0], i.FromPort]);
    expect(from(svc)).toEqual([[alb, 3000]]);
    expect(from(idOf('DatabaseSg'))).toEqual([[svc, 5433]]);
    expect(from(idOf('CacheSg'))).toEqual([[svc, 6380]]);
    // Data stores may not start connections anywhere.
    for (const id of [idOf('DatabaseSg'), idOf('CacheSg')]) {
      expect(sgs[id]?.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32' }),
      ]);
    }
  });
});

describe('interface endpoints', () => {
  it('prod reaches ECR, logs and Secrets Manager privately, from the services only', () => {
    const t = synth('prod').template('network');
    const endpoints = t.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { VpcEndpointType: 'Interface' },
    }) as Resources;
    const names = Object.values(endpoints).map((e) => e.Properties.ServiceName);
    expect(names.sort()).toEqual([
      'com.amazonaws.us-east-1.ecr.api',
      'com.amazonaws.us-east-1.ecr.dkr',
      'com.amazonaws.us-east-1.logs',
      'com.amazonaws.us-east-1.secretsmanager',
    ]);
    const sgs = new Set(Object.values(endpoints).map((e) => JSON.stringify(e.Properties.SecurityGroupIds)));
    expect(sgs.size).toBe(1);
    const endpointSg = Object.keys(t.findResources('AWS::EC2::SecurityGroup')).find((k) =>
      k.startsWith('EndpointSg'),
    );
    expect([...sgs][0]).toContain(endpointSg);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [endpointSg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceSg'), 'GroupId'] },
      FromPort: 443,
    });
    for (const e of Object.values(endpoints)) expect(e.Properties.PrivateDnsEnabled).toBe(true);
  });

  it('dev saves the endpoint cost and goes out through its single NAT', () => {
    const t = synth('dev').template('network');
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });
});

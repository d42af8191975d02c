// Registry: the three ECR repositories, deployed first so CI can push the image before the services exist.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';
import type { EnvConfig, ServiceName } from '../../config/index.js';

export interface RegistryStackProps extends StackProps {
  readonly config: EnvConfig;
}

/** Repository name suffix per service (the seeds' naming: healthcare-app-{env}-<suffix>). */
export const REPOSITORY_SUFFIX: Readonly<Record<ServiceName, string>> = {
  patients: 'patient-service',
  appointments: 'appointment-service',
  core: 'core-service',
};

/** ECR's pull-through cache of ECR Public: `<account>.dkr.ecr.<region>.amazonaws.com/ecr-public/<path>`. */
export const PULL_THROUGH_PREFIX = 'ecr-public';

export class RegistryStack extends Stack {
  readonly repositories: Readonly<Record<ServiceName, ecr.Repository>>;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    const make = (service: ServiceName): ecr.Repository => {
      const repo = new ecr.Repository(this, `${service[0]?.toUpperCase()}${service.slice(1)}Repository`, {
        repositoryName: `${props.config.prefix}-${REPOSITORY_SUFFIX[service]}`,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.AES_256,
        // Images are the deploy history; a stack delete must not take them (see docs/deploy-aws.md, tear-down).
        removalPolicy: RemovalPolicy.RETAIN,
      });
      repo.addLifecycleRule({
        rulePriority: 1,
        description: 'Drop untagged layers after a day',
        tagStatus: ecr.TagStatus.UNTAGGED,
        maxImageAge: Duration.days(1),
      });
      repo.addLifecycleRule({
        rulePriority: 2,
        description: 'Keep the last 5 tagged images',
        tagStatus: ecr.TagStatus.TAGGED,
        tagPatternList: ['*'],
        maxImageCount: 5,
      });
      return repo;
    };
    this.repositories = {
      patients: make('patients'),
      appointments: make('appointments'),
      core: make('core'),
    };
    // Without NAT the tasks cannot reach public.ecr.aws: the collector image comes through ECR instead.
    if (props.config.network.natGateways === 0) {
      new ecr.CfnPullThroughCacheRule(this, 'EcrPublicCache', {
        ecrRepositoryPrefix: PULL_THROUGH_PREFIX,
        upstreamRegistryUrl: 'public.ecr.aws',
      });
    }
    // The URIs CI pushes the image to.
    for (const [service, repo] of Object.entries(this.repositories)) {
      new CfnOutput(this, `${service}RepositoryUri`, { value: repo.repositoryUri });
    }
  }
}

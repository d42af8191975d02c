// Registers cdk-nag's AWS Solutions and HIPAA Security packs so that any unacknowledged finding fails synth.
import type {
  App,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack } from 'cdk-nag';

/**
 * cdk-nag reports some rules as warnings, and CDK only fails synthesis on errors. This wrapper
 * raises every finding to an error so that "no finding" is the only way to pass.
 */
export class FailOnAnyFinding implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version: string | undefined;
  readonly ruleIds: string[] | undefined;

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
    this.version = pack.version;
    this.ruleIds = pack.ruleIds;
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    return {
      ...report,
      success: report.violations.length === 0,
      violations: report.violations.map((v) => ({ ...v, severity: 'error' })),
    };
  }
}

export function registerNagChecks(app: App): void {
  Validations.of(app).addPlugins(
    new FailOnAnyFinding(new AwsSolutionsChecks(app, { verbose: true })),
    new FailOnAnyFinding(new HIPAASecurityChecks(app, { verbose: true })),
  );
}

// npm run deploy -- --env dev|prod [--image sha256:…] : the one command that puts an environment on AWS (S3.13).
import { execFileSync } from 'node:child_process';
import { buildAndPushSteps, deploySteps, parseDeployArgs } from '../src/deploy-plan.js';
import { REGION, repositoryName } from '../src/naming.js';
import { aws, REPO_ROOT, runSteps } from '../src/run.js';

try {
  const options = parseDeployArgs(process.argv.slice(2), process.env);
  const account = options.dryRun
    ? (process.env.CDK_DEFAULT_ACCOUNT ?? '<account>')
    : aws(['sts', 'get-caller-identity', '--query', 'Account']);
  let image = options.image;
  if (image === undefined) {
    const tag = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    runSteps(buildAndPushSteps(options, account, tag), options.dryRun);
    image = options.dryRun
      ? '<digest of the pushed image>'
      : aws([
          'ecr',
          'describe-images',
          '--region',
          REGION,
          '--repository-name',
          repositoryName(options.env, 'core'),
          '--image-ids',
          `imageTag=${tag}`,
          '--query',
          'imageDetails[0].imageDigest',
        ]);
  }
  runSteps(deploySteps(options, account, image), options.dryRun);
  console.log(options.dryRun ? 'dry run: nothing was changed' : `${options.env} runs ${image}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

// npm run destroy -- --env dev : tears the dev environment down (prod is refused on purpose).
import { destroySteps, parseDestroyArgs } from '../src/deploy-plan.js';
import { aws, runSteps } from '../src/run.js';

try {
  const { env, dryRun, context } = parseDestroyArgs(process.argv.slice(2));
  const account = dryRun
    ? (process.env.CDK_DEFAULT_ACCOUNT ?? '<account>')
    : aws(['sts', 'get-caller-identity', '--query', 'Account']);
  runSteps(destroySteps(env, account, context), dryRun);
  console.log(dryRun ? 'dry run: nothing was changed' : `${env} is gone; its ECR images are kept`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

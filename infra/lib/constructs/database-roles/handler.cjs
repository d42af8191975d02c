// One PostgreSQL login role per service, with its password in that service's own secret (inline code, AWS SDK
// v3 of the Lambda runtime, SQL through the RDS Data API as the master user). Two jobs:
// - a CloudFormation custom resource: create the roles, give core what migrations need (it owns the tables
//   and grants the others theirs in a migration: apps/api/drizzle), the others only CONNECT and USAGE;
// - the Secrets Manager rotation of each service secret (single user: new password, ALTER ROLE, promote).
// The SQL carries a SCRAM-SHA-256 verifier, never the password itself.
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports, no-console */
const crypto = require('node:crypto');
const { customResource } = require('../inline-function/cfn-response.cjs');
const { finishRotation, secretVersions } = require('../inline-function/secret-versions.cjs');

/** PostgreSQL's stored form of a password (RFC 5802/7677), so the plaintext never appears in SQL. */
function scramVerifier(password, salt = crypto.randomBytes(16), iterations = 4096) {
  const salted = crypto.pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
  const storedKey = crypto.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  const b64 = (b) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

const ident = (name) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain role name: ${name}`);
  return `"${name}"`;
};

/** The statements that create (or re-password) one service's role; `migrates` = core. */
function roleStatements(username, password, database, migrates) {
  const role = ident(username);
  const db = ident(database);
  return [
    `DO $$ BEGIN CREATE ROLE ${role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    `ALTER ROLE ${role} WITH LOGIN PASSWORD '${scramVerifier(password)}'`,
    `GRANT CONNECT ON DATABASE ${db} TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    ...(migrates
      ? [`GRANT CREATE, TEMPORARY ON DATABASE ${db} TO ${role}`, `GRANT CREATE ON SCHEMA public TO ${role}`]
      : []),
  ];
}

/** deps: { secrets: secretVersions(), sql(statement) }. */
async function provision(deps, props) {
  for (const s of props.Services) {
    const { username, password } = JSON.parse((await deps.secrets.version(s.SecretArn, 'AWSCURRENT')).value);
    for (const statement of roleStatements(username, password, props.Database, s.Migrates === 'true')) {
      await deps.sql(statement);
    }
  }
  return `roles: ${props.Services.length}`;
}

async function rotate(deps, event, env) {
  const { SecretId: id, ClientRequestToken: token, Step: step } = event;
  const current = await deps.secrets.version(id, 'AWSCURRENT');
  if (step === 'createSecret') {
    if (await deps.secrets.version(id, 'AWSPENDING', token)) return 'pending exists';
    const value = JSON.parse(current.value);
    value.password = crypto.randomBytes(24).toString('base64url');
    await deps.secrets.putPending(id, token, JSON.stringify(value));
    return 'created a pending password';
  }
  const pending = await deps.secrets.version(id, 'AWSPENDING', token);
  if (step === 'setSecret') {
    const { username, password } = JSON.parse(pending.value);
    await deps.sql(`ALTER ROLE ${ident(username)} WITH PASSWORD '${scramVerifier(password)}'`);
    return 'password set';
  }
  if (step === 'testSecret') return 'set through the master user; the app re-reads its secret on failure';
  if (step === 'finishSecret') return finishRotation(deps.secrets, id, token, current);
  throw new Error(`unknown step ${step} (${env.CLUSTER_ARN})`);
}

function awsDeps(env) {
  const data = require('@aws-sdk/client-rds-data');
  const rds = new data.RDSDataClient({});
  return {
    secrets: secretVersions(),
    sql: (statement) =>
      rds.send(
        new data.ExecuteStatementCommand({
          resourceArn: env.CLUSTER_ARN,
          secretArn: env.MASTER_SECRET_ARN,
          database: env.DATABASE,
          sql: statement,
        }),
      ),
  };
}

const provisionRoles = customResource((event) => provision(awsDeps(process.env), event.ResourceProperties), {
  onDelete: 'roles are kept on delete',
  physicalId: () => 'database-roles',
});

exports.handler = async (event) => {
  if (!event.Step) return provisionRoles(event);
  const result = await rotate(awsDeps(process.env), event, process.env);
  console.log(JSON.stringify({ step: event.Step, result }));
};
exports.scramVerifier = scramVerifier;
exports.roleStatements = roleStatements;
exports.provision = provision;
exports.rotate = rotate;

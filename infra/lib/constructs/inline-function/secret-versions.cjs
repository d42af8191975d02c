// The Secrets Manager calls of a rotation, shared by the inline rotation functions (inlineSource() copies
// this into each function's code): read a version by stage, stage a pending one, promote it.
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports */

/** { version(id, stage, token?) -> {token, value} | undefined, putPending(id, token, value), promote(id, token, from) }. */
exports.secretVersions = () => {
  const sm = require('@aws-sdk/client-secrets-manager');
  const client = new sm.SecretsManagerClient({});
  return {
    async version(id, stage, token) {
      try {
        const out = await client.send(
          new sm.GetSecretValueCommand({ SecretId: id, VersionStage: stage, VersionId: token }),
        );
        return { token: out.VersionId, value: out.SecretString };
      } catch (error) {
        if (error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    putPending: (id, token, value) =>
      client.send(
        new sm.PutSecretValueCommand({
          SecretId: id,
          ClientRequestToken: token,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      ),
    promote: (id, token, from) =>
      client.send(
        new sm.UpdateSecretVersionStageCommand({
          SecretId: id,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          RemoveFromVersionId: from,
        }),
      ),
  };
};

/** The rotation's last step: make the pending version current (once). */
exports.finishRotation = async (secrets, id, token, current) => {
  if (current.token === token) return 'already current';
  await secrets.promote(id, token, current.token);
  return 'promoted';
};

// The actions the workflows may use, each pinned to the commit its release tag points at. A new action or a new
// version is added here in the same change, after checking the SHA against the action's release (docs/delivery.md).
export const PINNED_ACTIONS: Readonly<Record<string, { sha: string; version: string }>> = {
  'actions/checkout': { sha: '08c6903cd8c0fde910a37f88322edcfb5dd907a8', version: 'v5.0.0' },
  'actions/setup-node': { sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  'actions/upload-artifact': { sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02', version: 'v4.6.2' },
  'actions/github-script': { sha: '60a0d83039c74a4aee543508d2ffcb1c3799cdea', version: 'v7.0.1' },
  'aws-actions/configure-aws-credentials': {
    sha: '7474bc4690e29a8392af63c5b98e7449536d5c3a',
    version: 'v4.3.1',
  },
  'aws-actions/amazon-ecr-login': { sha: '062b18b96a7aff071d4dc91bc00c4c1a7945b076', version: 'v2.0.1' },
  'docker/setup-buildx-action': { sha: 'b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2', version: 'v3.10.0' },
  'docker/build-push-action': { sha: '263435318d21b8e681c14492fe198d362a7d2c83', version: 'v6.18.0' },
  'aquasecurity/trivy-action': { sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25', version: 'v0.36.0' },
  'hadolint/hadolint-action': { sha: '54c9adbab1582c2ef04b2016b760714a4bfde3cf', version: 'v3.1.0' },
  'slackapi/slack-github-action': { sha: 'b0fa283ad8fea605de13dc3f449259339835fc52', version: 'v2.1.0' },
};

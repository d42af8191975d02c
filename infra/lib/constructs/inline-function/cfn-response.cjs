// The custom-resource side of CloudFormation's protocol, shared by the inline functions: inlineSource() copies
// it into each function's code, so every function still ships as one file with no bundling.
/* global require, exports */
/* eslint-disable @typescript-eslint/no-require-imports, no-console */
const https = require('node:https');

/** PUTs the outcome to the pre-signed URL CloudFormation waits on. */
function respond(event, status, reason, physicalId) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason.slice(0, 500),
    PhysicalResourceId: event.PhysicalResourceId || physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const req = https.request(event.ResponseURL, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', reject);
    req.on('response', (res) => res.resume().on('end', resolve));
    req.end(body);
  });
}

/** A handler that runs `work(event)` on Create and Update (its answer is the reason) and nothing on Delete. */
exports.customResource =
  (work, { onDelete, physicalId }) =>
  async (event) => {
    let status = 'SUCCESS';
    let reason = onDelete;
    try {
      if (event.RequestType !== 'Delete') reason = await work(event);
    } catch (error) {
      status = 'FAILED';
      reason = `${error && error.name}: ${error && error.message}`;
    }
    console.log(JSON.stringify({ requestType: event.RequestType, status, reason }));
    await respond(event, status, reason, physicalId(event));
  };

// Evaluates AWS requests against identity policies with @cloud-copilot/iam-simulate (a real IAM policy evaluator).
// Usage: node simulate.cjs <prefix where the package is installed> <input.json>
// input:  {"policies": {"<function>": {"Version": "2012-10-17", "Statement": [...]}},
//          "requests": [{"function": "...", "action": "s3:GetObject", "resource": "arn:...", "context": {...}}]}
// output (stdout): [{"decision": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied" | "Error", "allowedBy": [sid],
//                    "error": "..."}], one per request, in order
const fs = require('fs');
const sim = require(require.resolve('@cloud-copilot/iam-simulate', { paths: [process.argv[2]] }));
const input = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const ACCOUNT = '000000000000';
// one request of a function against one identity policy
const simulation = (r, policy) => ({
  identityPolicies: [{ name: r.function, policy }],
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  request: {
    principal: `arn:aws:iam::${ACCOUNT}:role/${r.function}Role`,
    action: r.action,
    resource: { resource: r.resource, accountId: ACCOUNT },
    contextVariables: r.context || {},
  },
});
(async () => {
  const out = [];
  for (const r of input.requests) {
    const policy = input.policies[r.function];
    if (r.documentedResource) {
      // The action table (from the Service Authorization Reference) lists no resource type for this action, so
      // runSimulation would accept only "*"; the service's own documentation names the resource (CodeDeploy's
      // PutLifecycleEventHookExecutionStatus on a deployment group). The same core evaluator, without that table
      // check: the whole policy for the decision, each statement alone for which ones allow it.
      const unsafe = (p) => sim.runUnsafeSimulation(simulation(r, p), {});
      const decision = unsafe(policy);
      const allowedBy = policy.Statement.filter((s) => s.Effect === 'Allow'
        && unsafe({ Version: policy.Version, Statement: [s] }) === 'Allowed').map((s) => s.Sid);
      out.push({ decision, allowedBy });
      continue;
    }
    const res = await sim.runSimulation(simulation(r, policy), {});
    if (res.resultType === 'error') {
      out.push({ decision: 'Error', allowedBy: [], error: JSON.stringify(res.errors) });
      continue;
    }
    const allows = res.result?.analysis?.identityAnalysis?.allowStatements || [];
    out.push({ decision: res.overallResult, allowedBy: allows.map((s) => s.explain.identifier) });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });

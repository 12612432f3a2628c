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
(async () => {
  const out = [];
  for (const r of input.requests) {
    const policy = input.policies[r.function];
    const res = await sim.runSimulation({
      identityPolicies: [{ name: r.function, policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/${r.function}Role`,
        action: r.action,
        resource: { resource: r.resource, accountId: ACCOUNT },
        contextVariables: r.context || {},
      },
    }, {});
    if (res.resultType === 'error') {
      out.push({ decision: 'Error', allowedBy: [], error: JSON.stringify(res.errors) });
      continue;
    }
    const allows = res.result?.analysis?.identityAnalysis?.allowStatements || [];
    out.push({ decision: res.overallResult, allowedBy: allows.map((s) => s.explain.identifier) });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });

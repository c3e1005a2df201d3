import { checkWorkloadForTest } from "/work/main/runtime/index.ts";
for (const v of ["base","a-5.18","b1-6.1","b2-6.2","b2-external-lock","c-email-fix","c-no-refresh-lock","d-mainline"]) {
  const mod = await import(`/work/main/generated/pfncache/${v}/model.ts`);
  const o = checkWorkloadForTest(mod.createModel("refresh-livelock"));
  console.log(v, o.summary, o.problems.join(" | ").slice(0, 200), o.liveness ? JSON.stringify(o.liveness.map?.((l: any) => [l.property, l.verdict]) ?? Object.keys(o.liveness)) : "");
}

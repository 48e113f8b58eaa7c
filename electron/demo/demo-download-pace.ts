/**
 * KAIRN_DEMO_DOWNLOAD_STEP_MS=N makes the rpm-ostree demo's simulated downloads (an edition
 * switch's pull) pause N ms at each tenth, so a test can cancel one halfway; the rest of the demo
 * keeps its pace. Unset or not a whole number: the demo's own pace (undefined).
 */
export function demoDownloadStepMs(env: NodeJS.ProcessEnv): number | undefined {
  const wanted = env.KAIRN_DEMO_DOWNLOAD_STEP_MS;
  if (wanted === undefined || !/^\d{1,7}$/.test(wanted)) return undefined;
  return Number(wanted);
}

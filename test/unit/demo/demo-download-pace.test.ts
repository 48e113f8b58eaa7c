import { describe, expect, it } from 'vitest';

import { demoDownloadStepMs } from '../../../electron/demo/demo-download-pace';

describe('KAIRN_DEMO_DOWNLOAD_STEP_MS', () => {
  it('a whole number of milliseconds sets the pace of the demo’s simulated downloads', () => {
    expect(demoDownloadStepMs({ KAIRN_DEMO_DOWNLOAD_STEP_MS: '2500' })).toBe(2500);
    expect(demoDownloadStepMs({ KAIRN_DEMO_DOWNLOAD_STEP_MS: '0' })).toBe(0);
  });

  it('unset, negative, fractional or words: the demo keeps its own pace', () => {
    for (const wanted of [undefined, '', '-5', '1.5', 'slow', '99999999'])
      expect(demoDownloadStepMs({ KAIRN_DEMO_DOWNLOAD_STEP_MS: wanted })).toBeUndefined();
  });
});

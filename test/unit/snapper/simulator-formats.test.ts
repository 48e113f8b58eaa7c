import { describe, expect, it } from 'vitest';

import {
  formatConfigFile,
  parseConfigFile,
  splitNameList,
} from '../../../electron/simulators/snapper/config-file';
import {
  formatInfoXml,
  parseInfoXml,
  withDate,
} from '../../../electron/simulators/snapper/info-xml';

/** info.xml exactly as snapperd 0.10.4 wrote it in a probe. */
const REAL_INFO = `<?xml version="1.0"?>
<snapshot>
  <type>single</type>
  <num>1</num>
  <date>2026-11-23 17:13:35</date>
  <description>vorher &#xE4; \\ bs</description>
  <cleanup>number</cleanup>
  <userdata>
    <key>important</key>
    <value>yes</value>
  </userdata>
  <userdata>
    <key>k&#xE4;</key>
    <value>v&#xE4;</value>
  </userdata>
</snapshot>
`;

describe("snapper's on-disk formats (simulator)", () => {
  it('reads and rewrites a real info.xml byte for byte', () => {
    const info = parseInfoXml(REAL_INFO)!;
    expect(info).toEqual({
      number: 1,
      type: 'single',
      preNumber: 0,
      date: Date.UTC(2026, 10, 23, 17, 13, 35) / 1000,
      uid: 0,
      description: 'vorher ä \\ bs',
      cleanup: 'number',
      userdata: { important: 'yes', kä: 'vä' },
    });
    expect(formatInfoXml(info)).toBe(REAL_INFO);
  });

  it('writes uid and pre_num only when set, and backdates the date', () => {
    const xml = formatInfoXml({
      number: 5,
      type: 'post',
      preNumber: 4,
      date: 0,
      uid: 65534,
      description: 'a<b&c',
      cleanup: '',
      userdata: {},
    });
    expect(xml).toContain(
      '<uid>65534</uid>\n  <pre_num>4</pre_num>\n  <description>a&lt;b&amp;c</description>\n</snapshot>',
    );
    expect(parseInfoXml(withDate(xml, 86400))).toMatchObject({
      date: 86400,
      description: 'a<b&c',
      type: 'post',
    });
    expect(parseInfoXml('<snapshot><num>x</num></snapshot>')).toBeNull();
  });

  it('reads and writes shell-style config files', () => {
    const text =
      '# comment\nSUBVOLUME="/home/sam"\nALLOW_USERS="sam my\\ friend"\nTIMELINE_CREATE="yes"\n';
    const values = parseConfigFile(text);
    expect(values).toEqual({
      SUBVOLUME: '/home/sam',
      ALLOW_USERS: 'sam my\\ friend',
      TIMELINE_CREATE: 'yes',
    });
    expect(parseConfigFile(formatConfigFile(values))).toEqual(values);
    expect(splitNameList(values.ALLOW_USERS)).toEqual(['sam', 'my friend']);
  });
});

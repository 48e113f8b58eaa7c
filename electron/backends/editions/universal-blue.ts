import type { Cadence, Risk } from '../../../shared/schemas/editions';
import type { EditionChoice } from '../../core/ports/editions';
import type { Deployment } from '../restore-points/rpm-ostree-deployments';
import { splitImageRef } from './rpm-ostree-rebase';

/** /usr/share/ublue-os/image-info.json: the keys Kairn reads (reference §8.2). */
export interface ImageInfo {
  imageName: string;
  imageTag: string | null;
  imageRef: string | null;
  vendor: string | null;
}

type Channel = { tag: string; cadence: Cadence; risk: Risk };

/**
 * The channels each Universal Blue image publishes (reference §8.2, §8.3: hard-coded per image
 * family, no registry look-up). Cadence and risk are the projects' own descriptions where they
 * give one; `latest` and Bazzite's cadences are not documented exactly, so they say "often".
 */
const CHANNELS: Record<'aurora' | 'bluefin' | 'bazzite', Channel[]> = {
  aurora: [
    { tag: 'stable', cadence: 'weekly', risk: 'low' },
    { tag: 'latest', cadence: 'often', risk: 'medium' },
    { tag: 'testing', cadence: 'often', risk: 'high' },
  ],
  bluefin: [
    { tag: 'stable', cadence: 'weekly', risk: 'low' },
    { tag: 'latest', cadence: 'often', risk: 'medium' },
    { tag: 'beta', cadence: 'often', risk: 'high' },
  ],
  bazzite: [
    { tag: 'stable', cadence: 'often', risk: 'low' },
    { tag: 'testing', cadence: 'often', risk: 'medium' },
    { tag: 'unstable', cadence: 'daily', risk: 'high' },
  ],
};

/** Dated builds `<channel>-<fedora>.<yyyymmdd>[.<n>]` exist for Aurora and Bluefin (reference §8.2). */
const DATED_TAGS: ReadonlySet<string> = new Set(['aurora', 'bluefin']);
const DATED = /^([a-z]+)-(\d+\.\d{8}(?:\.\d+)?)$/;

/** image-info.json's text → the keys Kairn uses; null when it is not that file. */
export function parseImageInfo(text: string): ImageInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const get = (key: string): string | null => {
    const v: unknown = Reflect.get(raw, key);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  const imageName = get('image-name');
  if (imageName === null) return null;
  return {
    imageName,
    imageTag: get('image-tag'),
    imageRef: get('image-ref'),
    vendor: get('image-vendor'),
  };
}

/** `/etc/ublue-os/rebase_helper.json`'s `available-tags`, the image's own list of channels. */
export function parseRebaseHelper(text: string): string[] | null {
  try {
    const tags: unknown = Reflect.get(JSON.parse(text) as object, 'available-tags');
    if (!Array.isArray(tags)) return null;
    const ok = tags.filter(
      (t): t is string => typeof t === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(t),
    );
    return ok.length > 0 ? ok : null;
  } catch {
    return null;
  }
}

/** aurora-dx-nvidia-open → aurora. */
export function imageFamily(imageName: string): keyof typeof CHANNELS | null {
  const first = imageName.split('-')[0] ?? '';
  return first === 'aurora' || first === 'bluefin' || first === 'bazzite' ? first : null;
}

function channelChoice(base: string, channel: Channel): EditionChoice {
  return {
    id: channel.tag,
    name: channel.tag,
    kind: 'channel',
    cadence: channel.cadence,
    risk: channel.risk,
    major: false,
    advanced: false,
    ref: `${base}:${channel.tag}`,
  };
}

function datedChoice(base: string, tag: string): EditionChoice {
  return {
    id: tag,
    name: tag,
    kind: 'dated',
    cadence: 'never',
    // No updates means no security fixes either.
    risk: 'medium',
    major: false,
    advanced: true,
    ref: `${base}:${tag}`,
  };
}

/** The edition a deployment follows, named by its tag (a known channel, a dated build, or other). */
function editionOf(d: Deployment | undefined, channels: Channel[]): EditionChoice | null {
  const split = d?.source ? splitImageRef(d.source) : null;
  if (!split) return null;
  const known = channels.find((c) => c.tag === split.tag);
  if (known) return channelChoice(split.base, known);
  if (DATED.test(split.tag)) return datedChoice(split.base, split.tag);
  return channelChoice(split.base, { tag: split.tag, cadence: 'unknown', risk: 'medium' });
}

export interface UniversalBlueEditions {
  current: EditionChoice | null;
  nextStart: EditionChoice | null;
  available: EditionChoice[];
  technical: Record<string, string>;
}

/**
 * Universal Blue's editions: the image's channels, switching keeps the booted image and its
 * transport (only the tag changes); dated builds of the channel that are on this computer
 * (Aurora, Bluefin) are offered behind Advanced, so choosing one never needs a registry look-up.
 */
export function universalBlueEditions(
  info: ImageInfo,
  deployments: readonly Deployment[],
  helperTags: string[] | null,
): UniversalBlueEditions {
  const family = imageFamily(info.imageName);
  const catalogue = family ? CHANNELS[family] : [];
  const channels: Channel[] = helperTags
    ? helperTags.map(
        (tag) =>
          catalogue.find((c) => c.tag === tag) ?? { tag, cadence: 'unknown', risk: 'medium' },
      )
    : catalogue;
  const booted = deployments.find((d) => d.booted);
  const current = editionOf(booted, channels);
  const nextStart = editionOf(deployments[0], channels) ?? current;
  const base = booted?.source ? splitImageRef(booted.source)?.base : undefined;
  const technical: Record<string, string> = {
    'image-name': info.imageName,
    'image-tag': info.imageTag ?? '(none)',
    'image-ref': info.imageRef ?? '(none)',
    booted: booted?.source ?? '(none)',
    'channels from': helperTags
      ? '/etc/ublue-os/rebase_helper.json'
      : 'Kairn’s list for this image',
  };
  if (base === undefined || current === null)
    return { current, nextStart, available: [], technical };
  const available = channels.map((c) => channelChoice(base, c));
  const channelTag = current.kind === 'dated' ? (DATED.exec(current.id)?.[1] ?? '') : current.id;
  if (family && DATED_TAGS.has(family)) {
    const versions = deployments
      .filter((d) => d.osname === booted?.osname && d.version !== null)
      .filter((d) => d.source !== null && splitImageRef(d.source)?.tag === channelTag)
      .map((d) => `${channelTag}-${d.version ?? ''}`)
      .filter((tag) => DATED.test(tag));
    for (const tag of new Set(versions)) available.push(datedChoice(base, tag));
  }
  for (const e of [current, nextStart])
    if (e && !available.some((a) => a.id === e.id))
      available.push({ ...e, ref: `${base}:${e.id}` });
  return { current, nextStart, available, technical };
}

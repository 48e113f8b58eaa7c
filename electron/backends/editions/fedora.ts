import type { EditionChoice } from '../../core/ports/editions';
import type { Deployment } from '../restore-points/rpm-ostree-deployments';
import { splitImageRef } from './rpm-ostree-rebase';

const OSTREE_REF = /^([^:]*):fedora\/(\d+)\/([^/]+)\/([^/]+)$/;

/** A Fedora release this system can follow, and the ref that follows it (ostree remote or OCI image). */
function releaseOf(
  source: string | null,
): { release: number; refFor: (n: number) => string } | null {
  if (source === null) return null;
  const ostree = OSTREE_REF.exec(source);
  if (ostree) {
    const [, remote, release, arch, variant] = ostree;
    return {
      release: Number(release),
      refFor: (n) => `${remote ?? ''}:fedora/${n}/${arch ?? ''}/${variant ?? ''}`,
    };
  }
  const image = splitImageRef(source);
  if (image && /^\d+$/.test(image.tag))
    return { release: Number(image.tag), refFor: (n) => `${image.base}:${n}` };
  return null;
}

function choice(release: number, ref: string, major: boolean): EditionChoice {
  return {
    id: `fedora-${release}`,
    name: `Fedora Linux ${release}`,
    kind: 'release',
    cadence: 'often',
    risk: major ? 'medium' : 'low',
    major,
    advanced: false,
    ref,
  };
}

/**
 * Fedora Atomic (Kinoite, Silverblue): the release running now and the next one, a major
 * upgrade; switching is a rebase to the next release's ref on the same remote (or image).
 */
export function fedoraEditions(deployments: readonly Deployment[]): {
  current: EditionChoice | null;
  nextStart: EditionChoice | null;
  available: EditionChoice[];
  technical: Record<string, string>;
} {
  const booted = deployments.find((d) => d.booted);
  const running = releaseOf(booted?.source ?? null);
  const technical = { booted: booted?.source ?? '(none)' };
  if (!running) return { current: null, nextStart: null, available: [], technical };
  const current = choice(running.release, running.refFor(running.release), false);
  const next = choice(running.release + 1, running.refFor(running.release + 1), true);
  const first = releaseOf(deployments[0]?.source ?? null);
  const nextStart =
    first === null
      ? current
      : first.release === running.release
        ? current
        : choice(first.release, first.refFor(first.release), first.release > running.release);
  const available = [current, next];
  if (!available.some((e) => e.id === nextStart.id)) available.push(nextStart);
  return { current, nextStart, available, technical };
}

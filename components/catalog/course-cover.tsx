import { cn } from '@/components/ui/cn';

/** Two hues per course from its title, so a course keeps its colours and neighbours differ. */
function palette(seed: string): { from: string; to: string; accent: string } {
  let hash = 2166136261;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  const hue = hash % 360;
  const shift = 40 + ((hash >>> 9) % 80);
  return {
    from: `hsl(${hue} 70% 42%)`,
    to: `hsl(${(hue + shift) % 360} 75% 55%)`,
    accent: `hsl(${(hue + 180) % 360} 80% 85%)`,
  };
}

function initials(title: string): string {
  const words = title.split(/[\s-]+/).filter((word) => /^[A-Za-z0-9]/.test(word) && !/^(and|for|the|of|in|to|a|an|you|can)$/i.test(word));
  return words
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('');
}

/**
 * A course's cover: the uploaded image when there is one, else a cover generated from the title
 * (an inline SVG: no request, no storage). 16:9, decorative next to the title it accompanies.
 */
export function CourseCover({ title, imageUrl, className }: { title: string; imageUrl: string | null; className?: string }) {
  const box = cn('aspect-video w-full overflow-hidden rounded-lg bg-slate-100', className);
  if (imageUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- uploaded covers are served as-is by the media route
    return <img src={imageUrl} alt="" className={cn(box, 'object-cover')} loading="lazy" data-testid="course-cover" />;
  }
  const colors = palette(title);
  const id = `cover-${title.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`;
  return (
    <svg viewBox="0 0 320 180" className={box} role="presentation" aria-hidden="true" data-testid="course-cover" preserveAspectRatio="xMidYMid slice">
      <defs>
        <linearGradient id={id} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={colors.from} />
          <stop offset="1" stopColor={colors.to} />
        </linearGradient>
      </defs>
      <rect width="320" height="180" fill={`url(#${id})`} />
      <circle cx="270" cy="30" r="70" fill={colors.accent} opacity="0.18" />
      <circle cx="40" cy="170" r="55" fill="#fff" opacity="0.1" />
      <path d="M0 140 L90 95 L160 128 L240 70 L320 110 L320 180 L0 180 Z" fill="#fff" opacity="0.08" />
      <text x="24" y="112" fill="#fff" fontFamily="ui-sans-serif, system-ui, sans-serif" fontSize="64" fontWeight="800" letterSpacing="-2">
        {initials(title)}
      </text>
    </svg>
  );
}

import type { CSSProperties } from 'react';
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
    accent: `hsl(${(hue + 180) % 360} 80% 85% / 0.18)`,
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
 * A course's cover: the uploaded image when there is one, else a cover generated from the title.
 * The generated one is a single element: its hues as CSS variables, the drawing (gradient,
 * shapes, initials) in the `.course-cover` rule of app/globals.css. An inline SVG cost eight
 * elements per card, rendered into the HTML and again into the RSC payload on every request.
 * 16:9, decorative next to the title it accompanies.
 */
export function CourseCover({ title, imageUrl, className }: { title: string; imageUrl: string | null; className?: string }) {
  const box = cn('aspect-video w-full overflow-hidden rounded-lg bg-slate-100', className);
  if (imageUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- uploaded covers are served as-is by the media route
    return <img src={imageUrl} alt="" className={cn(box, 'object-cover')} loading="lazy" data-testid="course-cover" />;
  }
  const colors = palette(title);
  const style = { '--cover-from': colors.from, '--cover-to': colors.to, '--cover-accent': colors.accent } as CSSProperties;
  return <div className={cn(box, 'course-cover')} style={style} data-initials={initials(title)} aria-hidden="true" data-testid="course-cover" />;
}

/** The platform mark: a balance (fair, open trading) — the same drawing as public/icons (scripts/generate-icons.mjs). */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false" className="brand-mark">
      <rect width="64" height="64" rx="14" fill="#1a5fb4" />
      <g stroke="#fff" strokeWidth="1.6" strokeLinecap="round">
        <line x1="18" y1="21" x2="11" y2="36" />
        <line x1="18" y1="21" x2="25" y2="36" />
        <line x1="46" y1="21" x2="39" y2="36" />
        <line x1="46" y1="21" x2="53" y2="36" />
      </g>
      <path d="M10 36a8 8 0 0 0 16 0z" fill="#f6c343" />
      <path d="M38 36a8 8 0 0 0 16 0z" fill="#f6c343" />
      <rect x="30" y="17" width="4" height="30" rx="1.5" fill="#fff" />
      <rect x="14" y="19" width="36" height="4" rx="2" fill="#fff" />
      <rect x="21" y="45" width="22" height="5" rx="2.5" fill="#fff" />
      <circle cx="32" cy="16" r="4" fill="#f6c343" />
    </svg>
  );
}

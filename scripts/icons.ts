// Draws the two Teams app icons (a compass rose: the "Lotse" shows the way) and writes them as PNG.
//   appPackage/color.png    192×192, white/amber compass rose on a brand-blue rounded square
//   appPackage/outline.png   32×32, white compass rose on a fully transparent background
// Shapes are rasterised with 4×4 (colour) / 8×8 (outline) supersampling; output is deterministic.
// Run: node --import tsx scripts/icons.ts [--if-missing] [outDir]
import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { createImage, encodePng, type RgbaImage } from './lib/png.js';
import { APP_PACKAGE_DIR, COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './lib/manifest.js';
import { isMain } from './lib/isMain.js';

export { APP_PACKAGE_DIR, COLOR_ICON_SIZE, OUTLINE_ICON_SIZE };
/** Background of the colour icon; the manifest's accentColor must be the same. */
export const BRAND_COLOR = '#1E4E79';

type Rgba = readonly [number, number, number, number];
type Shape = (x: number, y: number) => boolean;
interface Layer {
  shape: Shape;
  color: Rgba;
}

const TRANSPARENT: Rgba = [0, 0, 0, 0];

export function hexToRgba(hex: string, alpha = 255): Rgba {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), alpha];
}

// ---- shapes (coordinates in pixels, y pointing down) ----

function polygon(points: ReadonlyArray<readonly [number, number]>): Shape {
  const xs = Float64Array.from(points, (p) => p[0]);
  const ys = Float64Array.from(points, (p) => p[1]);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const n = xs.length;
  return (x, y) => {
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    let inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = xs[i]!;
      const yi = ys[i]!;
      const xj = xs[j]!;
      const yj = ys[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function ring(cx: number, cy: number, outer: number, inner: number): Shape {
  return (x, y) => {
    const d2 = (x - cx) ** 2 + (y - cy) ** 2;
    return d2 <= outer * outer && d2 >= inner * inner;
  };
}

function roundedSquare(x0: number, y0: number, size: number, radius: number): Shape {
  const x1 = x0 + size;
  const y1 = y0 + size;
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = x < x0 + radius ? x0 + radius - x : x > x1 - radius ? x - (x1 - radius) : 0;
    const dy = y < y0 + radius ? y0 + radius - y : y > y1 - radius ? y - (y1 - radius) : 0;
    return dx * dx + dy * dy <= radius * radius;
  };
}

const polar = (cx: number, cy: number, r: number, deg: number): [number, number] => {
  const a = (deg * Math.PI) / 180;
  return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
};

/**
 * One point of a compass star, split along its axis into a left and a right half (the classic
 * two-tone compass look). `deg` is the direction of the tip (-90 = north).
 */
function starPoint(cx: number, cy: number, deg: number, tip: number, valley: number): { left: Shape; right: Shape } {
  const t = polar(cx, cy, tip, deg);
  const l = polar(cx, cy, valley, deg - 45);
  const r = polar(cx, cy, valley, deg + 45);
  return { left: polygon([[cx, cy], t, l]), right: polygon([[cx, cy], t, r]) };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((s) => s(x, y));
}

// ---- rasteriser ----

/** Paints layers (last on top) with `samples`×`samples` supersampling per pixel. */
function render(size: number, layers: readonly Layer[], samples: number): RgbaImage {
  const img = createImage(size, size);
  const n = samples * samples;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          let color = TRANSPARENT;
          for (let i = layers.length - 1; i >= 0; i--) {
            if (layers[i]!.shape(x, y)) {
              color = layers[i]!.color;
              break;
            }
          }
          // accumulate premultiplied so edges against transparency keep their colour
          r += color[0] * color[3];
          g += color[1] * color[3];
          b += color[2] * color[3];
          a += color[3];
        }
      }
      const o = (py * size + px) * 4;
      const alpha = Math.round(a / n);
      if (alpha === 0) continue; // fully transparent pixels stay 0,0,0,0
      img.data[o] = Math.min(255, Math.round(r / a));
      img.data[o + 1] = Math.min(255, Math.round(g / a));
      img.data[o + 2] = Math.min(255, Math.round(b / a));
      img.data[o + 3] = alpha;
    }
  }
  return img;
}

// ---- the two icons ----

/** 192×192 full-colour icon: white compass rose with an amber north point on a brand-blue rounded square. */
export function drawColorIcon(): RgbaImage {
  const s = COLOR_ICON_SIZE;
  const c = s / 2;
  const white = hexToRgba('#FFFFFF');
  const shade = hexToRgba('#C8DAEC');
  const amber = hexToRgba('#F6B800');
  const amberShade = hexToRgba('#D69300');
  const diag = hexToRgba('#8DB1D6');
  const diagShade = hexToRgba('#6C94BF');
  const layers: Layer[] = [{ shape: roundedSquare(0, 0, s, 40), color: hexToRgba(BRAND_COLOR) }];
  // ring behind the star
  layers.push({ shape: ring(c, c, 45, 39), color: white });
  // diagonal (intercardinal) points
  for (const deg of [-135, -45, 45, 135]) {
    const p = starPoint(c, c, deg, 40, 11);
    layers.push({ shape: p.left, color: diag }, { shape: p.right, color: diagShade });
  }
  // cardinal points; north in amber
  for (const deg of [-90, 0, 90, 180]) {
    const p = starPoint(c, c, deg, 62, 15);
    const north = deg === -90;
    layers.push({ shape: p.left, color: north ? amber : white }, { shape: p.right, color: north ? amberShade : shade });
  }
  // hub
  layers.push({ shape: circle(c, c, 7.5), color: hexToRgba(BRAND_COLOR) });
  layers.push({ shape: circle(c, c, 3.5), color: white });
  return render(s, layers, 4);
}

/** 32×32 outline icon: white eight-point compass rose in a ring, hollow hub, on full transparency. */
export function drawOutlineIcon(): RgbaImage {
  const s = OUTLINE_ICON_SIZE;
  const c = s / 2;
  const white = hexToRgba('#FFFFFF');
  const point = (deg: number, tip: number, valley: number) => {
    const p = starPoint(c, c, deg, tip, valley);
    return [p.left, p.right];
  };
  const cardinal = union(...[-90, 0, 90, 180].flatMap((deg) => point(deg, 15.5, 3.6)));
  const diagonal = union(...[-135, -45, 45, 135].flatMap((deg) => point(deg, 10.5, 3.2)));
  const layers: Layer[] = [
    { shape: ring(c, c, 12.8, 11.1), color: white },
    { shape: diagonal, color: white },
    { shape: cardinal, color: white },
    { shape: circle(c, c, 1.9), color: TRANSPARENT },
  ];
  return render(s, layers, 8);
}

export interface IconFiles {
  color: string;
  outline: string;
  /** Files written by this call (empty when both existed and `onlyIfMissing` was set). */
  written: string[];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes color.png and outline.png into `dir` (default appPackage/). */
export async function writeIcons(dir: string = APP_PACKAGE_DIR, opts: { onlyIfMissing?: boolean } = {}): Promise<IconFiles> {
  await mkdir(dir, { recursive: true });
  const files = { color: path.join(dir, 'color.png'), outline: path.join(dir, 'outline.png') };
  const written: string[] = [];
  for (const [file, draw] of [
    [files.color, drawColorIcon],
    [files.outline, drawOutlineIcon],
  ] as const) {
    if (opts.onlyIfMissing && (await exists(file))) continue;
    await writeFile(file, encodePng(draw()));
    written.push(file);
  }
  return { ...files, written };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const onlyIfMissing = args.includes('--if-missing');
  const dir = args.find((a) => !a.startsWith('--')) ?? APP_PACKAGE_DIR;
  writeIcons(path.resolve(dir), { onlyIfMissing }).then(
    (r) => {
      for (const f of r.written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
      if (r.written.length === 0) console.log('icons already present, nothing written');
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}

#!/usr/bin/env node
// Renders the Marketplace icon media/icon.png (128×128) from media/icon.svg with rsvg-convert
// (Debian's librsvg2-bin). The PNG is committed; run this after changing the SVG.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const media = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media');
execFileSync('rsvg-convert', ['--width', '128', '--height', '128', '--output', path.join(media, 'icon.png'), path.join(media, 'icon.svg')], {
  stdio: 'inherit',
});

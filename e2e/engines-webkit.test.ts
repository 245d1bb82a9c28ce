import { inject } from 'vitest';
import { describeCoreScenarios } from './lib/coreScenarios';
import { launchWebKit } from './lib/webkit';

// WebKitGTK (Debian's webkit2gtk-driver) over classic WebDriver, under xvfb-run: `npm run test:webkit`.
describeCoreScenarios(inject('collectorUrl'), launchWebKit);

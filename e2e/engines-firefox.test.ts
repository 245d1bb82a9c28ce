import { inject } from 'vitest';
import { describeCoreScenarios } from './lib/coreScenarios';
import { launchFirefox } from './lib/firefox';

// Firefox ESR (Debian's firefox-esr) over WebDriver BiDi: the SDK's core scenarios.
describeCoreScenarios(inject('collectorUrl'), launchFirefox);

import { afterAll } from 'vitest';
import { closeChromium } from '../lib/browser';

// launchBrowser() opens contexts in one Chromium per test file; it closes with the file.
afterAll(closeChromium);

// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

// waitFor and findBy* poll a condition; their 1 s default would be a speed expectation on a busy
// machine. This bound only stops a hang (Jest's testTimeout in jest.config.js is longer still).
configure({ asyncUtilTimeout: 5 * 60_000 });

/**
 * Every page and component test (vitest's dom project). Testing Library waits 1 s by default for what a
 * test looks for to appear. With the unit and page files on every core, a busy moment has taken longer:
 * the Discard dialog of saved-profiles.test.tsx appeared after its wait had failed, and then showed up in
 * the next test. The wait is longer; what each test expects is not.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 5000 });

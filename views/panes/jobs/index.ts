import type {PaneModule} from '../types.js';
import {jobs} from './definition.js';
import {useJobs} from './use-jobs.js';

export const jobsPane: PaneModule = {definition: jobs, useController: useJobs};

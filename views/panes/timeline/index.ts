import type {PaneModule} from '../types.js';
import {timeline} from './definition.js';
import {useTimeline} from './use-timeline.js';

export const timelinePane: PaneModule = {definition: timeline, useController: useTimeline};

import { e2eProject } from './shards.ts';

export default e2eProject('e2e');

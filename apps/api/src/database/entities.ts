import { CacheRepairEntity } from '../cache-repairs/cache-repair.entity';
import { ProfileEntity } from '../profiles/profile.entity';

/** Every entity, listed (not globbed) for the same reason as the migrations. */
export const entities = [ProfileEntity, CacheRepairEntity];

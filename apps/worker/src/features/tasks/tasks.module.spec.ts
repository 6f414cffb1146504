import { MODULE_METADATA } from '@nestjs/common/constants';
import type { Type } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { taskTypes } from '@profile/profile-domain';
import { TasksModule } from './tasks.module';

/** The message types the `@HandlesTask` methods of a controller take. */
function handledTypes(controller: Type): string[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap(
    (name) => (Reflect.getMetadata(PATTERN_METADATA, prototype[name] as object) as string[]) ?? [],
  );
}

describe('TasksModule', () => {
  it('has exactly one handler for every task type', () => {
    const controllers = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, TasksModule) as Type[];
    const handled = controllers.flatMap(handledTypes);
    expect([...handled].sort()).toEqual([...taskTypes].sort());
  });
});

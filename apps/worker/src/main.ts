import { startMessageConsumers } from '@profile/messaging';
import { createService, listen, loadEnvironmentOrExit, runOrExit } from '@profile/service-core';
import { AppModule } from './app/app.module';
import { loadWorkerEnvironment } from './platform/config/worker-environment';

runOrExit(async () => {
  const environment = loadEnvironmentOrExit(() => loadWorkerEnvironment());
  const app = await createService(AppModule.register(environment), {
    service: 'worker',
    environment,
  });
  await app.init();
  await startMessageConsumers(app);
  await listen(app, environment.PORT);
});

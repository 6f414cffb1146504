import { startMessageConsumers } from '@profile/messaging';
import { createService, listen, loadEnvironmentOrExit, runOrExit } from '@profile/service-core';
import { AppModule } from './app/app.module';
import { loadApiEnvironment } from './platform/config/api-environment';
import { setUpApiDocs } from './platform/docs/swagger';
import { acceptOnlyJsonBodies } from './platform/http/json-bodies';
import { apiEarlyProblem } from './platform/problems/early-problem';

runOrExit(async () => {
  const environment = loadEnvironmentOrExit(() => loadApiEnvironment());
  const app = await createService(AppModule.register(environment), {
    service: 'api',
    environment,
    earlyProblem: apiEarlyProblem,
  });
  // Every request gets the property the access guard sets, so requests keep one shape.
  app.getHttpAdapter().getInstance().decorateRequest('apiKey', undefined);
  setUpApiDocs(app);
  await app.init();
  acceptOnlyJsonBodies(app);
  await startMessageConsumers(app);
  await listen(app, environment.PORT);
});

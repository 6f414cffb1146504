import { createService, listen, loadEnvironmentOrExit, runOrExit } from '@profile/service-core';
import { acceptOnlyJsonBodies } from './platform/http/json-bodies';
import { AppModule } from './app/app.module';
import { loadApiEnvironment } from './platform/config/api-environment';
import { setUpApiDocs } from './platform/docs/swagger';

runOrExit(async () => {
  const environment = loadEnvironmentOrExit(() => loadApiEnvironment());
  const app = await createService(AppModule.register(environment), environment);
  setUpApiDocs(app);
  await app.init();
  acceptOnlyJsonBodies(app);
  await listen(app, environment.PORT);
});

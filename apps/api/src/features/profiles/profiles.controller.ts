import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeySchema,
  profileListQuerySchema,
  type ProfilePage,
} from '@profile/api-contract';
import {
  cacheOutcomeSchema,
  ProfileCreate,
  ProfilePatch,
  validateProfileCreate,
  validateProfilePatch,
} from '@profile/profile-domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyIdentity } from '../../platform/auth/api-key';
import { CurrentApiKey } from '../../platform/auth/current-api-key.decorator';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import {
  ApiHeaderParameter,
  ApiIdParameter,
  ApiQueryParameters,
} from '../../platform/docs/api-parameters.decorator';
import { openApiSchemaOf } from '../../platform/docs/api-schemas';
import { schemaRef } from '../../platform/docs/schema-ref';
import {
  matchesIfMatch,
  matchesIfNoneMatch,
  requestsNoCache,
} from '../../platform/http/entity-tags';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ResourceIdPipe } from '../../platform/validation/resource-id.pipe';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { profileEtag } from './profile-etag';
import type { ChangeContext } from './profile-event-message';
import { RequestId } from '../../platform/http/request-id.decorator';
import {
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
} from '../../platform/idempotency/idempotency-key-header';
import { profileListQuery, ProfileListQuery } from './profile-requests';
import type { ProfileRepresentation } from './profile-representation';
import { ProfilePrecondition, ProfileRead, ProfilesService } from './profiles.service';

const JSON_TYPE = 'application/json; charset=utf-8';
const ETAG_HEADER = {
  ETag: { description: 'Strong; names the id and version', schema: { type: 'string' } },
};

@ApiTags('profiles')
@Controller('api/v1/profiles')
@RequiredScope('read')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Post()
  @RequiredScope('write')
  @ApiOperation({
    summary: 'Create a profile',
    description:
      'With an Idempotency-Key (kept 24 h per API key), a replay of the same body answers the ' +
      'profile the first request created (as it is now) with `Idempotent-Replayed: true`; the ' +
      'same key with another body is a 422.',
  })
  @ApiHeaderParameter('Idempotency-Key', idempotencyKeySchema)
  @ApiBody({ schema: schemaRef('ProfileCreate') })
  @ApiCreatedResponse({
    schema: schemaRef('Profile'),
    description: 'Created (or, for a replayed Idempotency-Key, created by the first request)',
    headers: {
      Location: { description: 'The path of the new profile', schema: { type: 'string' } },
      ...ETAG_HEADER,
      'Idempotent-Replayed': {
        description: '`true` when this answers a replay of an earlier Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblemResponses(400, 409, 413, 415, 422, 503)
  async create(
    @Body() body: unknown,
    @Body(new ValidationPipe(validateProfileCreate)) input: ProfileCreate,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @CurrentApiKey() key: ApiKeyIdentity,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const validKey = idempotencyKeyOf(idempotencyKey);
    const { profile, replayed } = await this.profiles.create(
      input,
      changeContext(key, requestId),
      validKey === undefined ? undefined : { key: validKey, body },
    );
    reply.status(201).header('location', `/api/v1/profiles/${profile.id}`);
    if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return send(reply, profile);
  }

  @Get()
  @ApiOperation({
    summary: 'List profiles, newest first',
    description:
      'Keyset pagination: pass nextCursor back as cursor. `q` matches username, displayName and e-mail literally, ignoring case.',
  })
  @ApiQueryParameters(profileListQuerySchema)
  @ApiOkResponse({ schema: schemaRef('ProfilePage') })
  @ApiProblemResponses(400, 503)
  list(@Query(new ValidationPipe(profileListQuery)) query: ProfileListQuery): Promise<ProfilePage> {
    return this.profiles.list({
      limit: query.limit,
      after: query.cursor,
      search: query.q || undefined,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a profile through the cache' })
  @ApiIdParameter()
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiHeader({
    name: 'Cache-Control',
    required: false,
    description: '`no-cache` reads PostgreSQL and leaves the cache alone',
  })
  @ApiOkResponse({
    schema: schemaRef('Profile'),
    description: 'The profile',
    headers: {
      ...ETAG_HEADER,
      'X-Cache': {
        description: 'HIT or MISS: answered from the cache or after a miss; BYPASS: not through it',
        schema: openApiSchemaOf(cacheOutcomeSchema),
      },
      'Server-Timing': {
        description: 'cache;dur=<ms> and db;dur=<ms>, for the parts consulted',
        schema: { type: 'string' },
      },
    },
  })
  @ApiNotModifiedResponse({
    description: 'The If-None-Match header names the current ETag',
    headers: ETAG_HEADER,
  })
  @ApiProblemResponses(400, 404, 503)
  async read(
    @Param('id', ResourceIdPipe) id: string,
    @Req() { headers }: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const read = await this.profiles.read(id, {
      bypassCache: requestsNoCache(headers['cache-control']),
    });
    reply.header('x-cache', read.outcome).header('server-timing', serverTiming(read));
    const ifNoneMatch = headers['if-none-match'];
    if (
      ifNoneMatch !== undefined &&
      matchesIfNoneMatch(ifNoneMatch, profileEtag(id, read.version))
    ) {
      reply.status(304).header('etag', profileEtag(id, read.version));
      return undefined;
    }
    return send(reply, read);
  }

  @Patch(':id')
  @RequiredScope('write')
  @ApiOperation({ summary: 'Change a profile (JSON merge patch: null clears an optional field)' })
  @ApiIdParameter()
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag the change is based on' })
  @ApiBody({ schema: schemaRef('ProfilePatch') })
  @ApiOkResponse({ schema: schemaRef('Profile'), description: 'The profile', headers: ETAG_HEADER })
  @ApiProblemResponses(400, 404, 409, 412, 413, 415, 503)
  async update(
    @Param('id', ResourceIdPipe) id: string,
    @Body(new ValidationPipe(validateProfilePatch)) patch: ProfilePatch,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentApiKey() key: ApiKeyIdentity,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const context = changeContext(key, requestId);
    return send(
      reply,
      await this.profiles.update(id, patch, context, ifMatchPrecondition(ifMatch)),
    );
  }

  @Delete(':id')
  @RequiredScope('write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a profile' })
  @ApiIdParameter()
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblemResponses(400, 404, 412, 503)
  async delete(
    @Param('id', ResourceIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentApiKey() key: ApiKeyIdentity,
    @RequestId() requestId: string,
  ): Promise<void> {
    await this.profiles.delete(id, changeContext(key, requestId), ifMatchPrecondition(ifMatch));
  }
}

/** Sends a profile's ready-made JSON as it is (for a cache hit, without parsing it again). */
function send(reply: FastifyReply, profile: ProfileRepresentation): string {
  reply
    .header('etag', profileEtag(profile.id, profile.version))
    .header('cache-control', 'private, no-cache')
    .type(JSON_TYPE);
  return profile.json;
}

function changeContext(key: ApiKeyIdentity, requestId: string): ChangeContext {
  return { actor: key.name, correlationId: requestId };
}

function ifMatchPrecondition(ifMatch: string | undefined): ProfilePrecondition | undefined {
  if (ifMatch === undefined) return undefined;
  return ({ id, version }) => matchesIfMatch(ifMatch, profileEtag(id, version));
}

function serverTiming({ timings: { cacheMs, dbMs } }: ProfileRead): string {
  const cache = cacheMs === undefined ? '' : `cache;dur=${cacheMs.toFixed(2)}`;
  if (dbMs === undefined) return cache;
  const db = `db;dur=${dbMs.toFixed(2)}`;
  return cache === '' ? db : `${cache}, ${db}`;
}

/**
 * Where evidence files live, behind one interface: the local disk under the data folder (one
 * host), or S3-compatible object storage (several API hosts; MinIO, Ceph, OSS/COS with their
 * S3 endpoints). Chosen by EVIDENCE_STORAGE=local|s3.
 *
 * The S3 store uses the AWS SDK v3: `@aws-sdk/lib-storage`'s Upload sends a stream of unknown
 * length as a multipart upload in 5 MB parts, so a 500 MB video never sits in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { z } from 'zod';
import { DEFAULT_EVIDENCE_POLICY, type EvidencePolicy } from '../domain/evidence';

export interface EvidenceStore {
  readonly kind: 'local' | 's3';
  /** Writes the stream under `key`; rejects (and leaves nothing) when the stream fails. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  get(key: string): Promise<Readable>;
  /** Removes the object; a missing one is not an error (cleanup after a failed upload). */
  delete(key: string): Promise<void>;
}

/** Keys are made by the service (`<yyyy>/<mm>/<uuid>`): no user text reaches a path. */
function assertKey(key: string): void {
  if (!/^[a-zA-Z0-9/_.-]+$/.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
}

export function localEvidenceStore(root: string): EvidenceStore & { root: string } {
  const file = (key: string) => {
    assertKey(key);
    return path.join(root, key);
  };
  return {
    kind: 'local',
    root,
    async put(key, body) {
      const target = file(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Written under a temporary name and renamed, so a half-written file never has the key.
      const partial = `${target}.partial`;
      try {
        await pipeline(body, fs.createWriteStream(partial, { flags: 'wx' }));
        await fs.promises.rename(partial, target);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const target = file(key);
      await fs.promises.access(target);
      return fs.createReadStream(target);
    },
    async delete(key) {
      await fs.promises.rm(file(key), { force: true });
    },
  };
}

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style addressing (http://host/bucket/key): MinIO and most self-hosted servers need it. */
  forcePathStyle: boolean;
}

export function s3EvidenceStore(settings: S3Settings): EvidenceStore & { client: S3Client } {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // The file's SHA-256 is computed by the service; the SDK's extra CRC32 trailer is not
    // understood by every S3-compatible server, so only when the server asks for one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  return {
    kind: 's3',
    client,
    async put(key, body, contentType) {
      assertKey(key);
      const upload = new Upload({ client, params: { Bucket, Key: key, Body: body, ContentType: contentType }, queueSize: 2, leavePartsOnError: false });
      await upload.done();
    },
    async get(key) {
      assertKey(key);
      const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return object.Body as Readable;
    },
    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

export interface EvidenceSettings {
  store: EvidenceStore;
  policy: EvidencePolicy;
}

// Evidence.sizeBytes is a 32-bit integer column: limits stay below 2 GB.
const megabytes = z.coerce.number().positive().max(2047);
const envSchema = z.object({
  EVIDENCE_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Local store: defaults to <ONEVISIT_DATA_DIR>/evidence. */
  EVIDENCE_DIR: z.string().min(1).optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  EVIDENCE_MAX_PHOTO_MB: megabytes.optional(),
  EVIDENCE_MAX_VIDEO_MB: megabytes.optional(),
  EVIDENCE_MAX_AUDIO_MB: megabytes.optional(),
  EVIDENCE_MAX_PDF_MB: megabytes.optional(),
  EVIDENCE_MAX_DISTANCE_M: z.coerce.number().positive().optional(),
});

/** The evidence settings from the environment, checked once at start-up (a missing S3 value fails with its name). */
export function loadEvidenceSettings(env: NodeJS.ProcessEnv, dataDir: string): EvidenceSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const c = parsed.data;
  const mb = (value: number | undefined, fallback: number) => (value === undefined ? fallback : Math.round(value * 1024 * 1024));
  const d = DEFAULT_EVIDENCE_POLICY;
  const policy: EvidencePolicy = {
    maxBytes: {
      PHOTO: mb(c.EVIDENCE_MAX_PHOTO_MB, d.maxBytes.PHOTO),
      VIDEO: mb(c.EVIDENCE_MAX_VIDEO_MB, d.maxBytes.VIDEO),
      AUDIO: mb(c.EVIDENCE_MAX_AUDIO_MB, d.maxBytes.AUDIO),
      PDF: mb(c.EVIDENCE_MAX_PDF_MB, d.maxBytes.PDF),
    },
    maxDistanceMeters: c.EVIDENCE_MAX_DISTANCE_M ?? d.maxDistanceMeters,
  };
  if (c.EVIDENCE_STORAGE === 'local') return { store: localEvidenceStore(path.resolve(c.EVIDENCE_DIR ?? path.join(dataDir, 'evidence'))), policy };
  if (!c.S3_BUCKET) throw new Error('invalid configuration:\n  S3_BUCKET: required when EVIDENCE_STORAGE=s3');
  return {
    store: s3EvidenceStore({
      endpoint: c.S3_ENDPOINT,
      region: c.S3_REGION,
      bucket: c.S3_BUCKET,
      accessKeyId: c.S3_ACCESS_KEY_ID,
      secretAccessKey: c.S3_SECRET_ACCESS_KEY,
      forcePathStyle: c.S3_FORCE_PATH_STYLE === 'true',
    }),
    policy,
  };
}

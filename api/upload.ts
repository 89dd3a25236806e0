/**
 * One uploaded file per request (multipart/form-data), held in memory with a size limit.
 * multer was chosen because it is the Express project's own upload middleware (on busboy),
 * maintained, with a byte limit that stops reading the stream; route() runs it only after the
 * caller's roles were admitted, so nobody uploads into a route they may not use.
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from './errors';

export interface UploadDeclaration {
  /** The form field that carries the file. */
  field: string;
  description: string;
  maxBytes: number;
}

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

const middlewares = new WeakMap<UploadDeclaration, ReturnType<ReturnType<typeof multer>['single']>>();

function middlewareOf(upload: UploadDeclaration) {
  let middleware = middlewares.get(upload);
  if (!middleware) {
    middleware = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: upload.maxBytes, files: 1, fields: 10, parts: 12 },
      // File names typed in Chinese arrive as UTF-8 (busboy's default would read them as Latin-1).
      defParamCharset: 'utf8',
    }).single(upload.field);
    middlewares.set(upload, middleware);
  }
  return middleware;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Reads the request's file into `req.file` (not there: the request had none). Errors are AppErrors. */
export function receiveUpload(req: Request, res: Response, upload: UploadDeclaration): Promise<void> {
  return new Promise((resolve, reject) => {
    middlewareOf(upload)(req, res, (error?: unknown) => {
      if (!error) return resolve();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return reject(new AppError('PAYLOAD_TOO_LARGE', `文件过大：不能超过 ${megabytes(upload.maxBytes)}；请分批导入`));
        }
        return reject(new AppError('VALIDATION_FAILED', `上传格式有误：请以 multipart/form-data 的 ${upload.field} 字段上传一个文件（${error.code}）`));
      }
      // busboy's own refusals (a cut-off or malformed multipart body) are the client's.
      return reject(new AppError('VALIDATION_FAILED', '上传内容不完整或格式有误，请重新上传'));
    });
  });
}

/** The file `receiveUpload` read, or a 400 naming the field to use. */
export function uploadedFile(req: Request, upload: UploadDeclaration): UploadedFile {
  const file = (req as Request & { file?: Express.Multer.File }).file;
  if (!file) throw new AppError('FILE_MISSING', `请以 multipart/form-data 上传文件，字段名为 ${upload.field}`);
  return { name: file.originalname, bytes: file.buffer };
}

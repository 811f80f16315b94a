/**
 * Inquiry API: police organizations draft, edit and send (`investigation:write`), read their own
 * (`investigation:read`); providers read their inbox, acknowledge, answer and attach files
 * (`inquiries:answer`). The print view is inert HTML under a CSP that allows no script.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.js';
import { MAX_ATTACHMENT_BYTES } from './attachments.js';
import type { NewInquiry } from './inquiries.js';
import type { InquiryStatus } from './inquiry-view.js';
import type { InvestigationModule } from './module.js';
import { PRINT_CSP, renderInquiryHtml } from './print-view.js';
import {
  AnswerBody,
  Attachment,
  AttachmentBody,
  AttachmentParams,
  EditInquiryBody,
  Inquiry,
  InquiryParams,
  InquiryWithAttachments,
  ListQuery,
  NewInquiryBody,
  investigationTags as tags,
} from './schemas.js';

const idOf = (params: unknown) => (params as { id: string }).id;

export async function inquiryRoutes(app: FastifyInstance, investigation: InvestigationModule): Promise<void> {
  const { inquiries, reads } = investigation;
  const list = Type.Object({ items: Type.Array(Inquiry) });

  app.post(
    '/v1/investigation/inquiries',
    {
      schema: {
        tags,
        summary:
          'Draft an inquiry (捜査関係事項照会) to a catalogue provider from a subject’s indicators (police; scope investigation:write)',
        body: NewInquiryBody,
        response: { 201: Inquiry, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const created = await inquiries.create(req.principal, req.body as NewInquiry);
      reply.code(201).header('location', `/v1/investigation/inquiries/${created.id}`);
      return created;
    },
  );

  app.get(
    '/v1/investigation/inquiries',
    {
      schema: {
        tags,
        summary: "The caller's inquiries, newest first (scope investigation:read)",
        querystring: ListQuery,
        response: { 200: list, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query as { status?: InquiryStatus; limit?: number };
      return { items: await reads.list(req.principal, 'sent', q.status, q.limit) };
    },
  );

  app.get(
    '/v1/investigation/inbox',
    {
      schema: {
        tags,
        summary: "Inquiries addressed to the caller's organization (scope inquiries:answer)",
        querystring: ListQuery,
        response: { 200: list, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const q = req.query as { status?: InquiryStatus; limit?: number };
      return { items: await reads.list(req.principal, 'inbox', q.status, q.limit) };
    },
  );

  app.get(
    '/v1/investigation/reminders',
    {
      schema: {
        tags,
        summary: 'Open inquiries due within 3 days or overdue, sent or received by the caller',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ inquiry: Inquiry, box: Type.String(), daysLeft: Type.Integer() }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (req) => ({ items: await reads.reminders(req.principal) }),
  );

  app.get(
    '/v1/investigation/metrics',
    {
      schema: {
        tags,
        summary: "Time to answer per provider over the caller's inquiries (median, p90 in hours)",
        response: {
          200: Type.Object({ items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (req) => ({ items: await reads.metrics(req.principal) }),
  );

  app.get(
    '/v1/investigation/inquiries/:id',
    {
      schema: {
        tags,
        summary: 'One inquiry with its attachments (sender, or the addressed provider once sent)',
        params: InquiryParams,
        response: { 200: InquiryWithAttachments, ...problemResponses(401, 403, 404) },
      },
    },
    async (req) => reads.get(req.principal, idOf(req.params)),
  );

  app.patch(
    '/v1/investigation/inquiries/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft (title, text, answer date)',
        params: InquiryParams,
        body: EditInquiryBody,
        response: { 200: Inquiry, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) =>
      inquiries.edit(
        req.principal,
        idOf(req.params),
        req.body as { title?: string; body?: string; answerDue?: string },
      ),
  );

  for (const [action, summary] of [
    ['send', 'Send a draft to the provider organization (scope investigation:write)'],
    ['acknowledge', 'The provider acknowledges receipt (scope inquiries:answer)'],
  ] as const) {
    app.post(
      `/v1/investigation/inquiries/:id/${action}`,
      {
        schema: {
          tags,
          summary,
          params: InquiryParams,
          response: { 200: Inquiry, ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (req) =>
        action === 'send'
          ? inquiries.send(req.principal, idOf(req.params))
          : inquiries.acknowledge(req.principal, idOf(req.params)),
    );
  }

  app.post(
    '/v1/investigation/inquiries/:id/answer',
    {
      schema: {
        tags,
        summary: 'The provider answers, or reports that no record exists (scope inquiries:answer)',
        params: InquiryParams,
        body: AnswerBody,
        response: { 200: Inquiry, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const b = req.body as { outcome: 'answered' | 'no_record'; note?: string };
      return inquiries.answer(req.principal, idOf(req.params), b.outcome, b.note);
    },
  );

  app.post(
    '/v1/investigation/inquiries/:id/attachments',
    {
      // base64 grows the file by a third; the JSON around it is small.
      bodyLimit: Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024,
      schema: {
        tags,
        summary: `Attach a file to the answer (PDF, PNG, JPEG, ZIP, CSV, text; up to ${MAX_ATTACHMENT_BYTES} bytes; the bytes must match the declared type)`,
        params: InquiryParams,
        body: AttachmentBody,
        response: { 201: Attachment, ...problemResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (req, reply) => {
      const stored = await inquiries.attach(
        req.principal,
        idOf(req.params),
        req.body as { fileName: string; contentType: string; contentBase64: string },
      );
      reply.code(201);
      return stored;
    },
  );

  app.get(
    '/v1/investigation/inquiries/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download an attachment (always as a download, never rendered inline)',
        params: AttachmentParams,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      const p = req.params as { id: string; attachmentId: string };
      const { meta, bytes } = await reads.attachment(req.principal, p.id, p.attachmentId);
      return reply
        .type(meta.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
        .header('x-content-sha256', meta.sha256)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  );

  app.get(
    '/v1/investigation/inquiries/:id/print',
    {
      schema: {
        tags,
        summary: 'Printable HTML of the inquiry (inert: escaped text, no script)',
        params: InquiryParams,
        response: problemResponses(401, 403, 404),
      },
    },
    async (req, reply) => {
      const inquiry = await reads.get(req.principal, idOf(req.params));
      const db = investigation.catalogue;
      const { catalogue } = await db.get(inquiry.catalogueVersion);
      const provider = catalogue.providers.find((x) => x.id === inquiry.providerId);
      const sender = await reads.organizationName(inquiry.orgId);
      const html = renderInquiryHtml(inquiry, { sender, provider: provider?.name.ja ?? inquiry.providerId });
      return reply.type('text/html; charset=utf-8').header('content-security-policy', PRINT_CSP).send(html);
    },
  );
}

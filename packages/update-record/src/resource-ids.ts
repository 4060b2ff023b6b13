import { uuidV5 } from './uuid-v5';

/**
 * Namespace for every id this package mints (itself a v5 UUID of "firstsync/update-record" in
 * the RFC 4122 URL namespace). Changing it changes every identifier ever sent, which would make
 * the GP side see resends as new messages: never change it.
 */
export const FIRSTSYNC_UPDATE_RECORD_NAMESPACE = '742676b1-2170-5665-b802-ad7cf95aaa72';

/** A resource's role in one consultation version, e.g. 'patient' or 'observation/2'. */
export type ResourceRole = string;

/**
 * The id of one resource of one consultation version. Version is part of the name because a
 * replacement is a new document whose resources must not collide with the ones it replaces.
 */
export function resourceId(consultationId: string, version: number, role: ResourceRole): string {
  return resourceIdsFor(consultationId, version)(role);
}

/**
 * resourceId with the consultation and version fixed: a message mints ~20 ids, so the name prefix
 * (lower-cased id and version) is made once rather than per id.
 */
export function resourceIdsFor(consultationId: string, version: number): (role: ResourceRole) => string {
  const prefix = `${consultationId.toLowerCase()}/v${version}/`;
  return (role) => uuidV5(prefix + role, FIRSTSYNC_UPDATE_RECORD_NAMESPACE);
}

/** The identifier of the document (inner Bundle and Composition) for one consultation version. */
export function documentIdentifierFor(consultationId: string, version: number): string {
  return resourceId(consultationId, version, 'document');
}

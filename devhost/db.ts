// devhost's SQL connection is the project's shared one (db/database.ts).
export * from '../db/database';

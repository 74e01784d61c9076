/** Lengths of user text; longer input is a TOO_LONG userError. */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;

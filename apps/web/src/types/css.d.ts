// Global stylesheets are imported for their side effect; Next declares only CSS modules.
declare module '*.css';

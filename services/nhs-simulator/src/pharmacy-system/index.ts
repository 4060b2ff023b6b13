// The simulated pharmacy systems that receive firstsync's webhooks; app.ts registers the routes.
export { type ReceiverBehaviour, receiverBehaviourSchema } from './behaviour';
export { type PharmacySystemRoutesOptions, pharmacySystemRoutes } from './pharmacy-routes';
export { MAX_SECRETS, PharmacySystems, type PharmacySystemsOptions, type ReceivedWebhook, type ReceiverCounts } from './pharmacy-systems';

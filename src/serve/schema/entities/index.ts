/** Every entity type of the model, one file each. */
import './account.ts';
import './address.ts';
import './benefit-claim.ts';
import './case.ts';
import './email.ts';
import './identity-document.ts';
import './journey.ts';
import './location.ts';
import './organisation.ts';
import './person.ts';
import './phone.ts';
import './route.ts';
import './vehicle.ts';
import './item.ts';
import './offence.ts';
import './report.ts';
import './generic-entity.ts';

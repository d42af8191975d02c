/**
 * The assistant's evaluation set: synthetic documents (lab reports and letters of one patient, the
 * clinic's leaflets) and questions, each with the facts a correct answer must contain. Every name,
 * number and date here is made up.
 */
export type EvalDocument = {
  title: string;
  /** For the patient (their record) or the clinic's knowledge base. */
  owner: 'patient' | 'knowledge';
  /** Upload order decides which report is "the latest". */
  uploadedAt: string;
  pages: string[][];
};

export type EvalCase = {
  question: string;
  /** Asked about the patient (their record in scope) or in general. */
  aboutPatient: boolean;
  /** All must appear in the answer (case, accents and spacing aside). */
  facts: string[];
};

export const EVAL_PATIENT = {
  givenName: 'Zoë',
  familyName: 'Ortiz',
  birthDate: '1961-05-14',
  sex: 'female' as const,
  phone: '+1 503 555 0182',
  email: 'zoe.ortiz@example.net',
  address: { line: '88 Alder Avenue', city: 'Portland', state: 'OR', postalCode: '97205', country: 'US' },
};

export const EVAL_DOCUMENTS: EvalDocument[] = [
  {
    title: 'Lab report September 2025',
    owner: 'patient',
    uploadedAt: '2025-09-03T10:00:00Z',
    pages: [
      [
        'Riverside Laboratory - Lab report',
        'Patient: Zoë Ortiz, born 14 May 1961',
        'Collected: 2025-09-02',
        'Total cholesterol 251 mg/dL H (< 200 mg/dL)',
        'LDL cholesterol 171 mg/dL H (< 130 mg/dL)',
        'HDL cholesterol 39 mg/dL L (> 40 mg/dL)',
        'HbA1c 7.9 % H (< 5.7 %)',
        'Recommendation: start lifestyle changes and repeat the panel in six months.',
      ],
    ],
  },
  {
    title: 'Lab report March 2026',
    owner: 'patient',
    uploadedAt: '2026-03-04T10:00:00Z',
    pages: [
      [
        'Riverside Laboratory - Lab report',
        'Patient: Zoë Ortiz, born 14 May 1961',
        'Collected: 2026-03-03',
        'Total cholesterol 238 mg/dL H (< 200 mg/dL)',
        'LDL cholesterol 162 mg/dL H (< 130 mg/dL)',
        'HDL cholesterol 41 mg/dL (> 40 mg/dL)',
        'Triglycerides 175 mg/dL H (< 150 mg/dL)',
        'HbA1c 7.2 % H (< 5.7 %)',
        'Fasting glucose 131 mg/dL H (70-99 mg/dL)',
        'eGFR 78 mL/min/1.73m2 (> 60)',
        'Potassium 4.4 mmol/L (3.5-5.1)',
        'Recommendation: repeat the fasting lipid panel in three months and review statin therapy.',
        'Comment: HbA1c has improved since the previous report but remains above target.',
      ],
    ],
  },
  {
    title: 'Cardiology letter',
    owner: 'patient',
    uploadedAt: '2026-02-10T10:00:00Z',
    pages: [
      [
        'Riverside Heart Clinic',
        'Dear Dr. Reyes,',
        'Thank you for referring Zoë Ortiz, whom I saw in clinic today.',
        'Her blood pressure was 148/92 mmHg on the left arm.',
        'The echocardiogram showed a normal ejection fraction of 60 %.',
        'The ECG showed sinus rhythm with no ischaemic changes.',
        'I have suggested she reduce salt intake and walk for 30 minutes a day.',
        'Please arrange a follow-up visit in six weeks with a home blood pressure diary.',
        'Yours sincerely, Dr. Amara Okafor, Cardiologist',
      ],
    ],
  },
  {
    title: 'Discharge summary',
    owner: 'patient',
    uploadedAt: '2025-12-18T10:00:00Z',
    pages: [
      [
        'Discharge summary',
        'Zoë Ortiz was admitted with community-acquired pneumonia.',
        'She was treated with intravenous antibiotics for three days and discharged on oral amoxicillin.',
        'Allergies: sulfonamides (rash).',
        'The chest X-ray on discharge showed resolving consolidation in the right lower lobe.',
        'Follow-up: repeat chest X-ray in six weeks.',
      ],
    ],
  },
  {
    title: 'Blood pressure leaflet',
    owner: 'knowledge',
    uploadedAt: '2025-01-10T10:00:00Z',
    pages: [
      [
        'Living with high blood pressure',
        'Eat less than 5 grams of salt a day; most salt is hidden in bread and ready meals.',
        'Aim for 150 minutes of moderate activity each week, such as brisk walking.',
        'At home, a blood pressure below 135/85 mmHg is the usual target.',
        'Limit alcohol to no more than 14 units a week.',
      ],
    ],
  },
  {
    title: 'Cholesterol leaflet',
    owner: 'knowledge',
    uploadedAt: '2025-01-11T10:00:00Z',
    pages: [
      [
        'Understanding cholesterol',
        'LDL is often called bad cholesterol because it builds up in the arteries.',
        'HDL helps remove cholesterol from the blood and is called good cholesterol.',
        'Statins lower LDL cholesterol by 30 to 50 percent.',
        'Eating oily fish twice a week and more fibre helps your heart.',
      ],
    ],
  },
  {
    title: 'Diabetes leaflet',
    owner: 'knowledge',
    uploadedAt: '2025-01-12T10:00:00Z',
    pages: [
      [
        'Type 2 diabetes: the basics',
        'The HbA1c test shows your average blood sugar over the past 2 to 3 months.',
        'For most adults with diabetes the HbA1c target is below 7 %.',
        'Signs of low blood sugar include shaking, sweating and confusion.',
        'Check your feet every day for cuts or sores.',
      ],
    ],
  },
  {
    title: 'Stop smoking leaflet',
    owner: 'knowledge',
    uploadedAt: '2025-01-13T10:00:00Z',
    pages: [
      [
        'Stopping smoking',
        'Nicotine replacement therapy doubles the chance of quitting for good.',
        'A craving usually passes within five minutes; a short walk helps.',
        'Your risk of heart attack falls sharply in the first year after you stop.',
      ],
    ],
  },
  {
    title: 'Flu vaccine leaflet',
    owner: 'knowledge',
    uploadedAt: '2025-01-14T10:00:00Z',
    pages: [
      [
        'The flu vaccine',
        'Adults aged 65 and over should have the flu vaccine every autumn.',
        'The vaccine takes about two weeks to work.',
        'A sore arm for a day or two is common and harmless.',
      ],
    ],
  },
];

const p = (question: string, ...facts: string[]): EvalCase => ({ question, aboutPatient: true, facts });
const k = (question: string, ...facts: string[]): EvalCase => ({ question, aboutPatient: false, facts });

export const ZOE_QUESTION =
  "What was Zoë's LDL and HbA1c in the latest lab report, and what did the lab recommend?";

export const EVAL_CASES: EvalCase[] = [
  p(
    ZOE_QUESTION,
    'LDL cholesterol 162 mg/dL',
    'HbA1c 7.2 %',
    'repeat the fasting lipid panel in three months',
  ),
  p('What was her HDL cholesterol in the latest lab report?', 'HDL cholesterol 41 mg/dL'),
  p('What were her triglycerides?', 'Triglycerides 175 mg/dL'),
  p('What was her fasting glucose?', 'Fasting glucose 131 mg/dL'),
  p('How is her kidney function?', 'eGFR 78'),
  p('What was her potassium level?', 'Potassium 4.4 mmol/L'),
  p('What was the total cholesterol in the September 2025 report?', 'Total cholesterol 251 mg/dL'),
  p('What did the September 2025 lab report recommend?', 'start lifestyle changes'),
  p('What did the lab comment about her HbA1c trend?', 'improved since the previous report'),
  p('What was her blood pressure at the cardiology visit?', '148/92 mmHg'),
  p('What did the echocardiogram show?', 'ejection fraction of 60 %'),
  p('What did the ECG show?', 'sinus rhythm'),
  p('When is the cardiology follow-up visit?', 'follow-up visit in six weeks'),
  p('What lifestyle advice did the cardiologist give about salt?', 'reduce salt intake'),
  p('Why was she admitted to hospital?', 'community-acquired pneumonia'),
  p('Which antibiotic was she discharged on?', 'oral amoxicillin'),
  p('What allergies does she have?', 'sulfonamides'),
  p('What did the chest X-ray show at discharge?', 'resolving consolidation'),
  k('How much salt a day is recommended?', 'less than 5 grams of salt'),
  k('How much exercise each week helps blood pressure?', '150 minutes'),
  k('What is the target blood pressure at home?', '135/85'),
  k('By how much do statins lower LDL?', '30 to 50 percent'),
  k('What does the HbA1c test measure?', 'past 2 to 3 months'),
  k('What is the HbA1c target for most adults with diabetes?', 'below 7 %'),
  k('What are the signs of low blood sugar?', 'shaking, sweating and confusion'),
  k('Does nicotine replacement help to quit smoking?', 'doubles the chance of quitting'),
  k('How long does a craving to smoke last?', 'within five minutes'),
  k('When should adults over 65 get the flu vaccine?', 'every autumn'),
  k('How long does the flu vaccine take to work?', 'about two weeks'),
  k('What does HDL cholesterol do?', 'HDL helps remove cholesterol'),
];

import type { SeedCourse } from '../types';
import { businessProductCourses } from './business-product';
import { dataAiCourses } from './data-ai';
import { designCourses } from './design';
import { webDevelopmentCourses } from './web-development';

export const demoCourses: SeedCourse[] = [
  ...webDevelopmentCourses,
  ...dataAiCourses,
  ...designCourses,
  ...businessProductCourses,
];

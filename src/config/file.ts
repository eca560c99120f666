/** The pack's config file, in the corpus folder (see README, "Configuration"). */
export const CONFIG_FILE = 'studypack.config.yaml';
